import { Module } from '@nestjs/common';
import { OnboardingsModule } from '../onboardings/onboardings.module';
import { ScimAuthGuard } from './scim-auth.guard';
import { ScimUsersService } from './scim-users.service';
import { ScimController } from './scim.controller';
import { ScimService } from './scim.service';

/** SCIM 2.0 provisioning: an IdP's Users are onboardings, through the same intake as HR's. */
@Module({
  imports: [OnboardingsModule],
  controllers: [ScimController],
  providers: [ScimAuthGuard, ScimService, ScimUsersService],
})
export class ScimModule {}
