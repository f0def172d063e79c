import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { dataConverter } from './data-converter';

@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        Connection.connect({
          address: config.temporal.address,
          tls: config.temporal.tls,
          apiKey: config.temporal.apiKey,
        }),
    },
    {
      provide: Client,
      inject: [Connection, APP_CONFIG],
      useFactory: (connection: Connection, config: AppConfig) =>
        new Client({
          connection,
          namespace: config.temporal.namespace,
          dataConverter: dataConverter(config),
        }),
    },
  ],
  exports: [Connection, Client],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
