import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ActivationModule } from '../activation/activation.module';
import { AuthModule } from '../auth/auth.module';
import { SecurityHeaders } from './security-headers';
import { SessionMiddleware, SessionStore } from './session';
import { WebController } from './web.controller';

@Module({
  imports: [ActivationModule, AuthModule],
  controllers: [WebController],
  providers: [SessionStore, SessionMiddleware, SecurityHeaders],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SecurityHeaders, SessionMiddleware).forRoutes(WebController);
  }
}
