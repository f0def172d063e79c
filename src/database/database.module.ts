import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';

@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        uri: config.mongo.uri,
        // FerretDB has no transactions or TTL indexes; nothing here may depend on them.
        autoIndex: true,
        serverSelectionTimeoutMS: config.dependencyTimeoutMs,
        // A server that accepts but never answers (hung, half-open) must fail the request,
        // not hold it: without this the driver waits on the socket forever.
        socketTimeoutMS: config.dependencyTimeoutMs,
        connectTimeoutMS: 5000,
      }),
    }),
  ],
})
export class DatabaseModule {}
