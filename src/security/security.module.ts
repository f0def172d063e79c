import { Global, Module } from '@nestjs/common';
import { RateLimiter } from './rate-limiter';
import { SecretsService } from './secrets.service';
import { SecurityEvents } from './security-events';

@Global()
@Module({
  providers: [SecretsService, RateLimiter, SecurityEvents],
  exports: [SecretsService, RateLimiter, SecurityEvents],
})
export class SecurityModule {}
