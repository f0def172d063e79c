import { hrAdapterController } from '../hr-adapter.controller';
import { personio } from './personio.adapter';

/** POST /api/v1/hr/personio */
export const PersonioController = hrAdapterController(personio);
