/** The day's targets as the API gives them (GET /api/targets, a plan's and a diary day's `targets`). */
import type { components } from '../client/schema';

export type Targets = components['schemas']['TargetsRead'];
export type NutrientTarget = components['schemas']['NutrientTargetRead'];
