import { applyDecorators, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

/**
 * The routes HR and ops share: path, status and description once, so the two APIs stay
 * alike. Each controller keeps its guard, its caller and its body schema (HR's bodies also
 * name the onboarding and action), and calls the same OnboardingsService method.
 */
const ROUTES = {
  view: {
    route: Get(':id'),
    summary: 'Status, current step, deadline, reminders and history',
  },
  resend: {
    route: Post(':id/resend'),
    summary: 'A new code and invite; the old code stops working',
  },
  extend: {
    route: Post(':id/extend'),
    summary: 'Move the deadline',
  },
  cancel: {
    route: Post(':id/cancel'),
    summary: 'Offer withdrawn: code revoked, unfinished account removed',
  },
  reissue: {
    route: Post(':id/reissue'),
    summary: 'After expiry: a new code and deadline; finished steps stay done',
  },
  changeContact: {
    route: Patch(':id'),
    summary: 'Corrected e-mail address or start date; a new address gets a new invite',
  },
  resetTwoFactor: {
    route: Post(':id/reset-2fa'),
    summary: 'Lost phone: remove 2FA; a new code by mail leads to a new 2FA setup',
  },
} satisfies Record<string, { route: MethodDecorator; summary: string }>;

export type OnboardingRoute = keyof typeof ROUTES;

/** One shared route: 200 with the onboarding as it is after the action. */
export function OnboardingRoute(name: OnboardingRoute): MethodDecorator {
  const { route, summary } = ROUTES[name];
  return applyDecorators(route, HttpCode(HttpStatus.OK), ApiOperation({ summary }));
}
