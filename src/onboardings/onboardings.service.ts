import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { currentStep } from '../../workflows/onboarding.rules';
import type { Actor } from '../../workflows/onboarding.types';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig, HrClientConfig } from '../config/config.schema';
import { WebhookReceiptRepository } from '../hr-clients/webhook-receipt.repository';
import { ProblemException } from '../http/problem';
import type {
  AdminActionBody,
  ChangeContactBody,
  CreateOnboardingBody,
  ExtendBody,
  OnboardingAccepted,
  OnboardingPage,
  OnboardingView,
  Targeted,
} from './onboarding.dto';
import { type OnboardingFilter, OnboardingRepository } from './onboarding.repository';
import type { OnboardingRecord } from './onboarding.schema';
import {
  OnboardingGateway,
  RunOfAnotherOnboardingError,
  type RunTarget,
} from './onboarding.gateway';
import { OnboardingIntake } from './onboarding-intake';
import { assertOpen } from './onboarding-rejections';

/** Who acts: an HR client, which sees only its own onboardings, or ops, which sees all. */
export interface Caller {
  /** Recorded as who acted; `ops` for the ops team. */
  clientId: string;
  scoped: boolean;
}

/** How long a 2FA reset waits for the first run to end: an ops request must not hang. */
const RUN_END_WAIT_MS = 10_000;

export const OPS: Caller = { clientId: 'ops', scoped: false };

export function hrCaller(client: HrClientConfig): Caller {
  return { clientId: client.id, scoped: true };
}

/** The HR side: intake of new hires, their status, and HR's admin actions. */
@Injectable()
export class OnboardingsService {
  private readonly logger = new Logger(OnboardingsService.name);

  constructor(
    private readonly onboardings: OnboardingRepository,
    private readonly receipts: WebhookReceiptRepository,
    private readonly gateway: OnboardingGateway,
    private readonly intakes: OnboardingIntake,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Idempotent: a redelivered receipt (a webhook-id), or the same hire while their onboarding
   * is open, returns the existing onboarding, whichever route (webhook, SCIM, an adapter) sent
   * it. The unique open key settles concurrent duplicates, and a start finds the onboarding's
   * own run if it is going, so there is one run and one invite.
   */
  async intake(
    client: HrClientConfig,
    receipt: string | undefined,
    body: CreateOnboardingBody,
  ): Promise<OnboardingAccepted> {
    const seen = receipt ? await this.receipts.find(client.id, receipt) : null;
    const existing = seen ? await this.onboardings.get(seen) : null;
    const record = existing ?? (await this.intakes.createOrFindOpen(client, body)).record;
    // Also for one found: a crash may have come between storing it and starting its workflow.
    await this.intakes.ensureWorkflow(record);
    if (receipt) await this.receipts.record(client.id, receipt, record._id);
    this.logger.log({ msg: 'onboarding accepted', onboardingId: record._id, clientId: client.id });
    return this.accepted(record);
  }

  async view(caller: Caller, id: string): Promise<OnboardingView> {
    return toView(await this.find(caller, id));
  }

  resend(caller: Caller, id: string, body: AdminActionBody & Targeted): Promise<OnboardingView> {
    return this.act(caller, id, body, (run, by) => this.gateway.resend(run, by));
  }

  extend(caller: Caller, id: string, body: ExtendBody & Targeted): Promise<OnboardingView> {
    const deadline = new Date(body.deadline).getTime();
    return this.act(caller, id, body, (run, by) => this.gateway.extend(run, by, deadline));
  }

  cancel(caller: Caller, id: string, body: AdminActionBody & Targeted): Promise<OnboardingView> {
    return this.act(caller, id, body, (run, by) => this.gateway.cancel(run, by));
  }

  reissue(caller: Caller, id: string, body: AdminActionBody & Targeted): Promise<OnboardingView> {
    return this.act(caller, id, body, (run, by) => this.gateway.reissue(run, by));
  }

  changeContact(
    caller: Caller,
    id: string,
    body: ChangeContactBody & Targeted,
  ): Promise<OnboardingView> {
    const change = { email: body.email, startDate: body.startDate, timeZone: body.timeZone };
    return this.act(caller, id, body, (run, by) => this.gateway.changeContact(run, by, change));
  }

  /** The view after the action: the record has the history and audit the state lacks. */
  private async act(
    caller: Caller,
    id: string,
    body: AdminActionBody & Targeted,
    action: (run: RunTarget, by: Actor) => Promise<unknown>,
  ): Promise<OnboardingView> {
    const record = await this.find(caller, id);
    if (body.onboardingId !== undefined && body.onboardingId !== id) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'target-mismatch',
        'The body names another onboarding than the path',
        'onboardingId in the body must be the id in the path',
      );
    }
    assertOpen(record);
    await action(record, this.actor(caller, body));
    return toView(await this.find(caller, id));
  }

  private actor(caller: Caller, body: AdminActionBody): Actor {
    return { clientId: caller.clientId, actor: body.actor, reason: body.reason };
  }

  /**
   * Ops: a lost phone. A new run of the hire's workflow signs the account out, removes its
   * 2FA and mails a new code; after it, the employee sets up 2FA again (credentials stay).
   */
  async resetTwoFactor(caller: Caller, id: string, body: AdminActionBody): Promise<OnboardingView> {
    const record = await this.find(caller, id);
    if (record.status !== 'active') {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'not-active',
        'Only an active account can have its 2FA reset',
      );
    }
    // The first run ends right after activation; the new one must not be mistaken for it.
    if (!(await this.gateway.waitForEnd(record, RUN_END_WAIT_MS))) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'still-finishing',
        'The onboarding is still finishing; try again in a minute',
      );
    }
    try {
      await this.gateway.reenroll({
        ...this.intakes.runInput(record),
        reenroll: {
          codeVersion: record.codeVersion,
          transitionSeq: record.lastTransitionSeq,
          by: this.actor(caller, body),
        },
      });
    } catch (error) {
      if (!(error instanceof RunOfAnotherOnboardingError)) throw error;
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'newer-onboarding',
        'The hire has a newer onboarding under way; reset 2FA once it has ended',
      );
    }
    return toView(await this.find(caller, id));
  }

  /** Onboardings for ops, filtered and paged, longest in their step first. */
  async list(filter: OnboardingFilter, page: number, pageSize: number): Promise<OnboardingPage> {
    const { items, total } = await this.onboardings.list(filter, (page - 1) * pageSize, pageSize);
    return { items: items.map(toView), page, pageSize, total };
  }

  private async find(caller: Caller, id: string): Promise<OnboardingRecord> {
    const record = caller.scoped
      ? await this.onboardings.findForClient(caller.clientId, id)
      : await this.onboardings.get(id);
    if (!record) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such onboarding');
    }
    return record;
  }

  private accepted(record: OnboardingRecord): OnboardingAccepted {
    return {
      onboardingId: record._id,
      status: record.status,
      statusUrl: `${this.config.http.publicUrl}/api/v1/onboardings/${record._id}`,
    };
  }
}

function toView(r: OnboardingRecord): OnboardingView {
  return {
    onboardingId: r._id,
    employeeId: r.employeeId,
    email: r.email,
    firstName: r.firstName,
    lastName: r.lastName,
    locale: r.locale,
    startDate: r.startDate ?? null,
    timeZone: r.timeZone ?? null,
    manager: r.manager ? { name: r.manager.name, email: r.manager.email } : null,
    population: r.population ?? null,
    metadata: r.metadata ?? {},
    status: r.status,
    currentStep: currentStep(r.status),
    inviteAt: r.inviteAt?.toISOString() ?? null,
    stepSince: r.stepSince.toISOString(),
    deadline: r.deadline?.toISOString() ?? null,
    remindersSent: r.remindersSent,
    history: r.history.map((h) => ({
      from: h.from,
      to: h.to,
      at: h.at.toISOString(),
      ...(h.by ? { by: { actor: h.by.actor, reason: h.by.reason } } : {}),
    })),
    adminActions: r.audit.map((a) => ({
      action: a.action,
      at: a.at.toISOString(),
      by: a.by.clientId,
      actor: a.by.actor,
      reason: a.by.reason,
      before: a.before,
      after: a.after,
    })),
    createdAt: r.createdAt.toISOString(),
  };
}
