import { hrAdapterController } from '../hr-adapter.controller';
import { bamboohr } from './bamboohr.adapter';

/** POST /api/v1/hr/bamboohr */
export const BamboohrController = hrAdapterController(bamboohr);
