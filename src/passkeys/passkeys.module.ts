import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { PasskeysService } from './passkeys.service';

@Module({
  imports: [AccountsModule],
  providers: [PasskeysService],
  exports: [PasskeysService],
})
export class PasskeysModule {}
