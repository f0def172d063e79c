import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig, HrClientConfig } from '../config/config.schema';
import { verify, WebhookVerificationError, type WebhookHeaders } from './standard-webhooks';

@Injectable()
export class HrClientsService {
  private readonly clients: readonly HrClientConfig[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.clients = config.hrClients;
  }

  /**
   * The HR client whose secret signed this request. Each client's secrets are tried, so the
   * request needs no extra header to say who sent it. Throws WebhookVerificationError.
   */
  authenticate(headers: WebhookHeaders, rawBody: Buffer): HrClientConfig {
    for (const client of this.clients) {
      try {
        verify(client.keys, headers, rawBody);
        return client;
      } catch (error) {
        const wrongKey =
          error instanceof WebhookVerificationError && error.reason === 'bad_signature';
        if (!wrongKey) throw error;
      }
    }
    throw new WebhookVerificationError('bad_signature');
  }

  get(id: string): HrClientConfig | undefined {
    return this.clients.find((client) => client.id === id);
  }
}
