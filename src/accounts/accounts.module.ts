import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountRepository } from './account.repository';
import { ACCOUNT_MODEL, AccountSchema } from './account.schema';
import { PasskeyRepository } from './passkey.repository';
import { PASSKEY_MODEL, PasskeySchema } from './passkey.schema';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ACCOUNT_MODEL, schema: AccountSchema },
      { name: PASSKEY_MODEL, schema: PasskeySchema },
    ]),
  ],
  providers: [AccountRepository, PasskeyRepository],
  exports: [AccountRepository, PasskeyRepository],
})
export class AccountsModule {}
