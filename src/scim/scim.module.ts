import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OnboardingsModule } from '../onboardings/onboardings.module';
import { ScimAuthGuard } from './scim-auth.guard';
import { ScimUserRepository } from './scim-user.repository';
import { SCIM_USER_MODEL, ScimUserLinkSchema } from './scim-user.schema';
import { ScimUsersService } from './scim-users.service';
import { ScimController } from './scim.controller';
import { ScimService } from './scim.service';

/** SCIM 2.0 provisioning: an IdP's Users are onboardings, through the same intake as HR's. */
@Module({
  imports: [
    OnboardingsModule,
    MongooseModule.forFeature([{ name: SCIM_USER_MODEL, schema: ScimUserLinkSchema }]),
  ],
  controllers: [ScimController],
  providers: [ScimAuthGuard, ScimService, ScimUserRepository, ScimUsersService],
})
export class ScimModule {}
