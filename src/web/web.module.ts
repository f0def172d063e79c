import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ActivationModule } from '../activation/activation.module';
import { AuthModule } from '../auth/auth.module';
import { SessionsModule } from '../sessions/sessions.module';
import { SecurityHeaders } from './security-headers';
import { SessionMiddleware } from './session.middleware';
import { WebController } from './web.controller';

@Module({
  imports: [ActivationModule, AuthModule, SessionsModule],
  controllers: [WebController],
  providers: [SessionMiddleware, SecurityHeaders],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SecurityHeaders, SessionMiddleware).forRoutes(WebController);
  }
}
