/** Virtual machines (Microsoft.Compute), network interfaces and virtual networks: minimal ARM shapes. */
import { resourceNotFound } from '../arm-errors.ts';
import { sameId, sameName } from '../ids.ts';
import { ok } from '../reply.ts';
import { type HandlerContext, type RouteDef, rgProvider, subProvider } from '../router.ts';
import { nicWire, vmWire, vnetWire } from '../wire.ts';
import { type NicRef, allNics, findNic, findPlaced, inScope, nicId, vmId, vnetId } from '../world.ts';
import { page, param } from './common.ts';

const VM_READ = 'Microsoft.Compute/virtualMachines/read';
const NIC_READ = 'Microsoft.Network/networkInterfaces/read';
const VNET_READ = 'Microsoft.Network/virtualNetworks/read';

export function nicOf(ctx: HandlerContext): NicRef {
  const ref = findNic(ctx.world, param(ctx, 'sub'), param(ctx, 'rg'), param(ctx, 'nic'));
  if (!ref) throw resourceNotFound('Microsoft.Network/networkInterfaces', param(ctx, 'nic'), param(ctx, 'rg'));
  return ref;
}

const expandInstanceView = (ctx: HandlerContext) => (ctx.query.get('$expand') ?? '').toLowerCase() === 'instanceview';

const listVms = (ctx: HandlerContext, rg?: string) =>
  page(
    ctx,
    inScope(ctx.world.virtualMachines, param(ctx, 'sub'), rg)
      .filter((vm) => ctx.allowed(vmId(vm), VM_READ))
      .map((vm) => vmWire(vm, expandInstanceView(ctx))),
  );

const listNics = (ctx: HandlerContext, rg?: string) =>
  page(
    ctx,
    allNics(ctx.world)
      .filter(({ vm }) => sameId(vm.subscriptionId, param(ctx, 'sub')) && (rg === undefined || sameName(vm.resourceGroup, rg)))
      .filter(({ vm, nic }) => ctx.allowed(nicId(vm, nic), NIC_READ))
      .map((ref) => nicWire(ctx.world, ref)),
  );

const listVnets = (ctx: HandlerContext, rg?: string) =>
  page(
    ctx,
    inScope(ctx.world.virtualNetworks, param(ctx, 'sub'), rg)
      .filter((v) => ctx.allowed(vnetId(v), VNET_READ))
      .map((v) => vnetWire(ctx.world, v)),
  );

export const computeRoutes: RouteDef[] = [
  { method: 'GET', template: `${subProvider('Microsoft.Compute')}/virtualMachines`, operation: 'vms.listAll', action: VM_READ, handler: (ctx) => listVms(ctx) },
  {
    method: 'GET',
    template: `${rgProvider('Microsoft.Compute')}/virtualMachines`,
    operation: 'vms.list',
    action: VM_READ,
    handler: (ctx) => listVms(ctx, param(ctx, 'rg')),
  },
  {
    method: 'GET',
    template: `${rgProvider('Microsoft.Compute')}/virtualMachines/{vm}`,
    operation: 'vms.get',
    action: VM_READ,
    handler: (ctx) => {
      const vm = findPlaced(ctx.world.virtualMachines, param(ctx, 'sub'), param(ctx, 'rg'), param(ctx, 'vm'));
      if (!vm) throw resourceNotFound('Microsoft.Compute/virtualMachines', param(ctx, 'vm'), param(ctx, 'rg'));
      return ok(vmWire(vm, expandInstanceView(ctx)));
    },
  },
  { method: 'GET', template: `${subProvider('Microsoft.Network')}/networkInterfaces`, operation: 'nics.listAll', action: NIC_READ, handler: (ctx) => listNics(ctx) },
  {
    method: 'GET',
    template: `${rgProvider('Microsoft.Network')}/networkInterfaces`,
    operation: 'nics.list',
    action: NIC_READ,
    handler: (ctx) => listNics(ctx, param(ctx, 'rg')),
  },
  {
    method: 'GET',
    template: `${rgProvider('Microsoft.Network')}/networkInterfaces/{nic}`,
    operation: 'nics.get',
    action: NIC_READ,
    handler: (ctx) => ok(nicWire(ctx.world, nicOf(ctx))),
  },
  { method: 'GET', template: `${subProvider('Microsoft.Network')}/virtualNetworks`, operation: 'vnets.listAll', action: VNET_READ, handler: (ctx) => listVnets(ctx) },
  {
    method: 'GET',
    template: `${rgProvider('Microsoft.Network')}/virtualNetworks`,
    operation: 'vnets.list',
    action: VNET_READ,
    handler: (ctx) => listVnets(ctx, param(ctx, 'rg')),
  },
  {
    method: 'GET',
    template: `${rgProvider('Microsoft.Network')}/virtualNetworks/{vnet}`,
    operation: 'vnets.get',
    action: VNET_READ,
    handler: (ctx) => {
      const v = findPlaced(ctx.world.virtualNetworks, param(ctx, 'sub'), param(ctx, 'rg'), param(ctx, 'vnet'));
      if (!v) throw resourceNotFound('Microsoft.Network/virtualNetworks', param(ctx, 'vnet'), param(ctx, 'rg'));
      return ok(vnetWire(ctx.world, v));
    },
  },
];
