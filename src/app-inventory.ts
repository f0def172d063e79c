import type { INestApplicationContext, InjectionToken } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';

export interface Inventory {
  controllers: string[];
  providers: string[];
}

function nameOf(token: InjectionToken): string {
  return typeof token === 'function' ? token.name : String(token);
}

/**
 * What a process built: each controller and provider by name, Nest's own left out. Logged at
 * start-up, and tested, so that a worker never grows an HTTP controller or the API an SMTP
 * transport by an import.
 */
export function inventory(app: INestApplicationContext): Inventory {
  const controllers = new Set<string>();
  const providers = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    if (module.metatype.name.startsWith('Internal')) continue;
    for (const wrapper of module.controllers.values()) controllers.add(nameOf(wrapper.token));
    for (const [token, wrapper] of module.providers) {
      // A module's own class, and what Nest registers in every module, are not ours.
      if (token === module.metatype || wrapper.isAlias || !wrapper.instance) continue;
      if (['ModuleRef', 'ApplicationConfig'].includes(nameOf(token))) continue;
      providers.add(nameOf(token));
    }
  }
  return { controllers: [...controllers].sort(), providers: [...providers].sort() };
}
