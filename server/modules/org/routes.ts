import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Ctx } from '../../platform/context.js';
import { ctxOf, setEtag, typed } from '../../platform/http.js';
import { setRolePermissions } from './commands/roles.js';
import { createOrgUnit, moveOrgUnit, setOrgUnitActive, updateOrgUnit } from './commands/units.js';
import { createUser, resetPassword, setUserActive, unlockUser, updateUser } from './commands/users.js';
import {
  IdParams,
  OrgUnit,
  OrgUnitCreate,
  OrgUnitListQuery,
  OrgUnitMove,
  OrgUnitUpdate,
  Page,
  PermissionInfo,
  ResetPasswordBody,
  Role,
  RoleParams,
  RolePermissionsBody,
  User,
  UserCreate,
  UserListQuery,
  UserUpdate,
  VersionBody,
} from './contract.js';
import { getOrgUnit, getRole, getUser, listOrgUnits, listPermissions, listRoles, listUsers } from './queries.js';
import { List, listOf } from '../../platform/lists/contract.js';

const org = ['org'];
const people = ['users'];
const rolesTag = ['roles'];

/** Answers with the unit as it now is, its version as ETag. */
async function sendUnit(reply: FastifyReply, ctx: Ctx, id: string, status = 200) {
  const unit = await getOrgUnit(ctx, id);
  setEtag(reply, unit.version);
  return reply.status(status).send(unit);
}

async function sendUser(reply: FastifyReply, ctx: Ctx, id: string, status = 200) {
  const user = await getUser(ctx, id);
  setEtag(reply, user.version);
  return reply.status(status).send(user);
}

/** Org tree, people and roles. Reads need org.read / users.read, writes org.manage / users.manage / roles.manage. */
export async function orgRoutes(app: FastifyInstance) {
  const r = typed(app);

  // Org units
  r.get(
    '/api/org/units',
    {
      schema: {
        tags: org,
        summary: 'Units of my subtree in tree order (org.read)',
        querystring: OrgUnitListQuery,
        response: { 200: List(OrgUnit) },
      },
    },
    async (req) => listOf(await listOrgUnits(ctxOf(req, 'org.read'), req.query)),
  );
  r.get(
    '/api/org/units/:id',
    {
      schema: {
        tags: org,
        summary: 'One unit; 404 outside my subtree (org.read)',
        params: IdParams,
        response: { 200: OrgUnit },
      },
    },
    async (req, reply) => sendUnit(reply, ctxOf(req, 'org.read'), req.params.id),
  );
  r.post(
    '/api/org/units',
    {
      schema: {
        tags: org,
        summary: 'Create a center or an outlet (org.manage)',
        body: OrgUnitCreate,
        response: { 201: OrgUnit },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'org.manage');
      const unit = await createOrgUnit(ctx, req.body);
      return sendUnit(reply, ctx, unit.id, 201);
    },
  );
  r.patch(
    '/api/org/units/:id',
    {
      schema: {
        tags: org,
        summary: 'Edit a unit (org.manage; 409 on a stale version)',
        params: IdParams,
        body: OrgUnitUpdate,
        response: { 200: OrgUnit },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'org.manage');
      await updateOrgUnit(ctx, req.params.id, req.body);
      return sendUnit(reply, ctx, req.params.id);
    },
  );
  r.post(
    '/api/org/units/:id/move',
    {
      schema: {
        tags: org,
        summary: 'Move a unit and its subtree under another parent (org.manage)',
        params: IdParams,
        body: OrgUnitMove,
        response: { 200: OrgUnit },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'org.manage');
      await moveOrgUnit(ctx, req.params.id, req.body);
      return sendUnit(reply, ctx, req.params.id);
    },
  );
  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    r.post(
      `/api/org/units/:id/${action}`,
      {
        schema: {
          tags: org,
          summary: active
            ? 'Activate a unit under an active parent (org.manage)'
            : 'Deactivate a unit without active sub-units or people (org.manage)',
          params: IdParams,
          body: VersionBody,
          response: { 200: OrgUnit },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req, 'org.manage');
        await setOrgUnitActive(ctx, req.params.id, active, req.body);
        return sendUnit(reply, ctx, req.params.id);
      },
    );
  }

  // People
  r.get(
    '/api/users',
    {
      schema: {
        tags: people,
        summary: 'People of my subtree, paged (users.read)',
        querystring: UserListQuery,
        response: { 200: Page(User) },
      },
    },
    async (req) => listUsers(ctxOf(req, 'users.read'), req.query),
  );
  r.get(
    '/api/users/:id',
    {
      schema: {
        tags: people,
        summary: 'One person; 404 outside my subtree (users.read)',
        params: IdParams,
        response: { 200: User },
      },
    },
    async (req, reply) => sendUser(reply, ctxOf(req, 'users.read'), req.params.id),
  );
  r.post(
    '/api/users',
    {
      schema: {
        tags: people,
        summary: 'Create an account with roles I may grant (users.manage)',
        body: UserCreate,
        response: { 201: User },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'users.manage');
      const user = await createUser(ctx, req.body);
      return sendUser(reply, ctx, user.id, 201);
    },
  );
  r.patch(
    '/api/users/:id',
    {
      schema: {
        tags: people,
        summary: 'Edit a person: details, unit, roles (users.manage)',
        params: IdParams,
        body: UserUpdate,
        response: { 200: User },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'users.manage');
      await updateUser(ctx, req.params.id, req.body);
      return sendUser(reply, ctx, req.params.id);
    },
  );
  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    r.post(
      `/api/users/:id/${action}`,
      {
        schema: {
          tags: people,
          summary: active
            ? 'Activate an account (users.manage)'
            : 'Deactivate an account and end its sessions (users.manage)',
          params: IdParams,
          body: VersionBody,
          response: { 200: User },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req, 'users.manage');
        await setUserActive(ctx, req.params.id, active, req.body);
        return sendUser(reply, ctx, req.params.id);
      },
    );
  }
  r.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags: people,
        summary: 'Set a new password, to be changed at next sign-in; ends their sessions (users.manage)',
        params: IdParams,
        body: ResetPasswordBody,
        response: { 200: User },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'users.manage');
      await resetPassword(ctx, req.params.id, req.body);
      return sendUser(reply, ctx, req.params.id);
    },
  );

  r.post(
    '/api/users/:id/unlock',
    {
      schema: {
        tags: people,
        summary: 'Lift sign-in locks after failed sign-ins, from every address (users.manage)',
        params: IdParams,
        response: { 200: User },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'users.manage');
      await unlockUser(ctx, req.params.id);
      return sendUser(reply, ctx, req.params.id);
    },
  );

  // Roles: readable by whoever may see people (users.read), since assigning roles needs them.
  r.get(
    '/api/roles',
    {
      schema: {
        tags: rolesTag,
        summary: 'Roles with their permissions (users.read)',
        response: { 200: List(Role) },
      },
    },
    async (req) => listOf(await listRoles(ctxOf(req, 'users.read'))),
  );
  r.get(
    '/api/permissions',
    {
      schema: {
        tags: rolesTag,
        summary: 'Every permission with its zh-CN and en name (users.read)',
        response: { 200: List(PermissionInfo) },
      },
    },
    async (req) => {
      ctxOf(req, 'users.read');
      return listOf(listPermissions());
    },
  );
  r.put(
    '/api/roles/:code/permissions',
    {
      schema: {
        tags: rolesTag,
        summary: "Replace a role's permissions (roles.manage; audited)",
        params: RoleParams,
        body: RolePermissionsBody,
        response: { 200: Role },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'roles.manage');
      await setRolePermissions(ctx, req.params.code, req.body);
      return getRole(ctx, req.params.code);
    },
  );
}
