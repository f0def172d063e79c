import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OpsAuthGuard } from '../ops/ops-auth.guard';
import { MetricsService } from './metrics.service';

@ApiTags('ops')
@Controller('metrics')
@UseGuards(OpsAuthGuard)
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (ops authentication)' })
  scrape(): Promise<string> {
    return this.metrics.text();
  }
}
