import { type DataConverter } from '@temporalio/common';
import { type AppConfig } from '../config/config.schema';
import { EncryptionCodec } from './encryption.codec';

/** The API and the worker must agree on this, or neither can read the other's payloads. */
export function dataConverter(config: AppConfig): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(config.temporal.payloadKeys)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
