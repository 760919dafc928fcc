/** The URLs long-running operations hand out: Location (operationResults) and Azure-AsyncOperation (operations). */
import type { RouteDef } from '../router.ts';
import { param } from './common.ts';

const LOCATIONS = '/subscriptions/{sub}/providers/Microsoft.Network/locations/{location}';

export const operationRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: `${LOCATIONS}/operationResults/{operationId}`,
    operation: 'lro.poll',
    action: 'Microsoft.Network/locations/operationResults/read',
    handler: (ctx) => ctx.lro.pollResult(param(ctx, 'sub'), param(ctx, 'operationId')),
  },
  {
    method: 'GET',
    template: `${LOCATIONS}/operations/{operationId}`,
    operation: 'lro.poll',
    action: 'Microsoft.Network/locations/operations/read',
    handler: (ctx) => ctx.lro.pollStatus(param(ctx, 'sub'), param(ctx, 'operationId')),
  },
];
