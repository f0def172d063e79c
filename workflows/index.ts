// Every workflow the worker registers. Workflows live in this folder only and import
// nothing but relative files and Temporal's workflow API.
export { onboardingWorkflow } from './onboarding.workflow';
