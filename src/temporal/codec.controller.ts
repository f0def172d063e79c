import { Controller, HttpCode, HttpStatus, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ValidBody } from '../http/zod-validation.pipe';
import { OpsAuthGuard } from '../ops/ops-auth.guard';
import { EncryptionCodec } from './encryption.codec';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const payloadsSchema = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() }))
    .max(1000),
});
type PayloadsBody = z.output<typeof payloadsSchema>;
type JsonPayload = PayloadsBody['payloads'][number];

/**
 * The Temporal Web UI's remote codec (`--ui-codec-endpoint`): lets authorised ops read
 * encrypted payloads in the UI. Same JSON shape as Temporal's codec server protocol.
 */
@ApiTags('ops')
@Controller('api/v1/codec')
@UseGuards(OpsAuthGuard)
export class CodecController {
  private readonly codec: EncryptionCodec;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.codec = new EncryptionCodec(config.temporal.payloadKeys);
  }

  @Post('decode')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decrypt Temporal payloads for the Web UI' })
  async decode(@ValidBody(payloadsSchema) body: PayloadsBody): Promise<PayloadsBody> {
    return { payloads: (await this.codec.decode(body.payloads.map(fromJson))).map(toJson) };
  }

  @Post('encode')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Encrypt Temporal payloads for the Web UI' })
  async encode(@ValidBody(payloadsSchema) body: PayloadsBody): Promise<PayloadsBody> {
    return { payloads: (await this.codec.encode(body.payloads.map(fromJson))).map(toJson) };
  }
}

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: p.data === undefined ? undefined : Buffer.from(p.data, 'base64'),
  };
}

function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: p.data ? Buffer.from(p.data).toString('base64') : undefined,
  };
}
