import { hrAdapterController } from '../hr-adapter.controller';
import { hibob } from './hibob.adapter';

/** POST /api/v1/hr/hibob */
export const HibobController = hrAdapterController(hibob);
