import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountRepository } from './account.repository';
import { ACCOUNT_MODEL, AccountSchema } from './account.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: ACCOUNT_MODEL, schema: AccountSchema }])],
  providers: [AccountRepository],
  exports: [AccountRepository],
})
export class AccountsModule {}
