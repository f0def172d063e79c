import { Employee } from './employee';
import { type Harness, newHire } from './harness';
import { eventually } from './wait';

/**
 * A new hire walked through the whole web flow by `h`'s API: an active account, whose browser
 * (`employee.web`) is signed in. A step the server refuses fails with what the page said.
 */
export async function activeEmployee(
  h: Harness,
  usernamePrefix: string,
  hire = newHire(),
): Promise<Employee> {
  const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
  const id = res.body.onboardingId;
  const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
  const employee = new Employee(h.url, id, `${usernamePrefix}-${id.slice(-8).toLowerCase()}`);
  for (const step of ['invited', 'code_redeemed', 'credentials_set'] as const) {
    if (!(await employee.take(step, code))) {
      throw new Error(`the ${step} step was refused: ${employee.lastRefusal}`);
    }
  }
  return employee;
}
