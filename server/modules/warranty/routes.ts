import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loadConfig } from '../../config.js';
import { getSetting } from '../../platform/config/index.js';
import { AppError } from '../../platform/errors.js';
import { ctxOf, typed } from '../../platform/http.js';
import { readPhotoForm, sendUpload } from '../intake/index.js';
import { addCasePhoto, openCase, runCaseAction } from './commands/cases.js';
import { createContract, updateContract } from './commands/contracts.js';
import { createPolicy, createPolicyVersion } from './commands/policies.js';
import {
  AppraisalForm,
  AppraiseBody,
  CaseApproveBody,
  CaseCancelBody,
  CaseCloseBody,
  CaseDetail,
  CaseExecuteBody,
  CaseListQuery,
  CaseOpen,
  CasePage,
  CaseParams,
  CasePhoto,
  CasePhotoParams,
  CaseRejectBody,
  ContractCreate,
  ContractListQuery,
  ContractUpdate,
  EntitlementQuery,
  Policy,
  PolicyCodeParams,
  PolicyCreate,
  PolicyListQuery,
  PolicyVersionCreate,
  Remedies,
  RemediesQuery,
  ServiceContract,
  UnitEntitlement,
  UnitParams,
  WarrantyDecision,
} from './contract.js';
import {
  appraisalForm,
  getCase,
  getCasePhoto,
  getContract,
  listCases,
  listContracts,
  listPolicies,
  policyHistory,
  unitDecisions,
  unitEntitlement,
  unitRemedies,
} from './queries.js';
import { List, listOf } from '../../platform/lists/contract.js';

const tags = ['warranty'];
const IdParams = z.object({ id: z.uuid() });

/** Warranty and 三包: policies, service contracts, entitlement, remedies, decisions, return/exchange cases. */
export async function warrantyRoutes(app: FastifyInstance) {
  await app.register(fastifyMultipart);
  const r = typed(app);

  // Policies (read: orders.read; write: settings.manage)
  r.get(
    '/api/warranty/policies',
    {
      schema: {
        tags,
        summary: 'Policy versions in force at a date, or all versions (orders.read)',
        querystring: PolicyListQuery,
        response: { 200: List(Policy) },
      },
    },
    async (req) => listOf(await listPolicies(ctxOf(req, 'orders.read'), req.query)),
  );
  r.post(
    '/api/warranty/policies',
    {
      schema: {
        tags,
        summary: 'Create a policy, version 1 (settings.manage)',
        body: PolicyCreate,
        response: { 201: Policy },
      },
    },
    async (req, reply) => reply.status(201).send(await createPolicy(ctxOf(req, 'settings.manage'), req.body)),
  );
  r.get(
    '/api/warranty/policies/:code',
    {
      schema: {
        tags,
        summary: 'Every version of one policy, newest first (orders.read)',
        params: PolicyCodeParams,
        response: { 200: List(Policy) },
      },
    },
    async (req) => listOf(await policyHistory(ctxOf(req, 'orders.read'), req.params.code)),
  );
  r.post(
    '/api/warranty/policies/:code/versions',
    {
      schema: {
        tags,
        summary: 'Append a version with its own effective date; earlier decisions keep theirs (settings.manage)',
        params: PolicyCodeParams,
        body: PolicyVersionCreate,
        response: { 201: Policy },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createPolicyVersion(ctxOf(req, 'settings.manage'), req.params.code, req.body)),
  );

  // Service contracts (read: customers.read; write: customers.manage)
  r.get(
    '/api/warranty/contracts',
    {
      schema: {
        tags,
        summary: 'Service contracts of a unit or customer in my area (customers.read)',
        querystring: ContractListQuery,
        response: { 200: List(ServiceContract) },
      },
    },
    async (req) => listOf(await listContracts(ctxOf(req, 'customers.read'), req.query)),
  );
  r.post(
    '/api/warranty/contracts',
    {
      schema: {
        tags,
        summary: 'Sell an extended warranty, maintenance or lifetime paid maintenance (customers.manage)',
        body: ContractCreate,
        response: { 201: ServiceContract },
      },
    },
    async (req, reply) => reply.status(201).send(await createContract(ctxOf(req, 'customers.manage'), req.body)),
  );
  r.get(
    '/api/warranty/contracts/:id',
    {
      schema: {
        tags,
        summary: 'One service contract (customers.read)',
        params: IdParams,
        response: { 200: ServiceContract },
      },
    },
    async (req) => getContract(ctxOf(req, 'customers.read'), req.params.id),
  );
  r.patch(
    '/api/warranty/contracts/:id',
    {
      schema: {
        tags,
        summary: 'Change a service contract, count visits, cancel (customers.manage)',
        params: IdParams,
        body: ContractUpdate,
        response: { 200: ServiceContract },
      },
    },
    async (req) => updateContract(ctxOf(req, 'customers.manage'), req.params.id, req.body),
  );

  // A unit's entitlement, remedies and stored decisions (orders.read; the unit must be readable)
  r.get(
    '/api/warranty/units/:unitId/entitlement',
    {
      schema: {
        tags,
        summary: 'Who pays, for the unit and each part, at a date, with reasons (orders.read)',
        params: UnitParams,
        querystring: EntitlementQuery,
        response: { 200: UnitEntitlement },
      },
    },
    async (req) => unitEntitlement(ctxOf(req, 'orders.read'), req.params.unitId, req.query),
  );
  r.get(
    '/api/warranty/units/:unitId/remedies',
    {
      schema: {
        tags,
        summary: '三包 remedies: refund or exchange eligibility with reasons (orders.read)',
        params: UnitParams,
        querystring: RemediesQuery,
        response: { 200: Remedies },
      },
    },
    async (req) => unitRemedies(ctxOf(req, 'orders.read'), req.params.unitId, req.query),
  );
  r.get(
    '/api/warranty/units/:unitId/decisions',
    {
      schema: {
        tags,
        summary: 'Warranty decisions recorded for the unit, newest first (orders.read)',
        params: UnitParams,
        response: { 200: List(WarrantyDecision) },
      },
    },
    async (req) => listOf(await unitDecisions(ctxOf(req, 'orders.read'), req.params.unitId)),
  );

  // Return / exchange cases
  r.get(
    '/api/warranty/cases',
    {
      schema: {
        tags,
        summary: 'Return/exchange cases of my subtree, newest first (orders.read)',
        querystring: CaseListQuery,
        response: { 200: CasePage },
      },
    },
    async (req) => listCases(ctxOf(req, 'orders.read'), req.query),
  );
  r.post(
    '/api/warranty/cases',
    {
      schema: {
        tags,
        summary: 'Open a return/exchange case from an order or the intake desk (orders.create or orders.execute)',
        body: CaseOpen,
        response: { 201: CaseDetail },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const id = await openCase(ctx, req.body);
      return reply.status(201).send(await getCase(ctx, id));
    },
  );
  r.get(
    '/api/warranty/cases/:id',
    {
      schema: {
        tags,
        summary: 'One case with appraisal, approvals, execution and history (orders.read)',
        params: CaseParams,
        response: { 200: CaseDetail },
      },
    },
    async (req) => getCase(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.get(
    '/api/warranty/cases/:id/appraisal-form',
    {
      schema: {
        tags,
        summary: 'The printable appraisal form (鉴定单) data (orders.read)',
        params: CaseParams,
        response: { 200: AppraisalForm },
      },
    },
    async (req) => appraisalForm(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.post(
    '/api/warranty/cases/:id/photos',
    {
      schema: {
        tags,
        summary: 'Add a photo for the appraisal (鉴定) of a case; its id goes in photoIds (orders.execute)',
        description:
          'multipart/form-data: one file part (JPEG, PNG, WebP or HEIC, checked by its bytes; at most portal.photoMaxMb MB). ' +
          'Allowed while the case may be appraised.',
        consumes: ['multipart/form-data'],
        params: CaseParams,
        response: { 201: CasePhoto },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'orders.read');
      // Scope first: a case of another outlet is a 404 before its form is read.
      await getCase(ctx, req.params.id);
      const maxMb = await getSetting(ctx.db, 'portal.photoMaxMb', ctx.now);
      const { photos } = await readPhotoForm(req, { maxMb, maxCount: 1, fields: 5, fieldSize: 100 });
      const photo = photos[0];
      if (!photo) throw new AppError('validation.failed', {}, [{ path: 'body.photo', code: 'required', message: '' }]);
      const photoId = await addCasePhoto(ctx, req.params.id, photo, app.dataDir ?? loadConfig().dataDir);
      const detail = await getCase(ctx, req.params.id);
      return reply.status(201).send(detail.photos.find((p) => p.id === photoId)!);
    },
  );
  r.get(
    '/api/warranty/cases/:id/photos/:photoId',
    { schema: { tags, summary: 'One photo of a case, as uploaded (orders.read)', params: CasePhotoParams } },
    async (req, reply) => {
      const file = await getCasePhoto(ctxOf(req, 'orders.read'), req.params.id, req.params.photoId);
      return sendUpload(reply, app.dataDir ?? loadConfig().dataDir, file);
    },
  );
  const action = <A extends 'appraise' | 'approve' | 'reject' | 'execute' | 'close' | 'cancel'>(
    name: A,
    body: z.ZodType,
    summary: string,
  ) =>
    r.post(
      `/api/warranty/cases/:id/${name}`,
      { schema: { tags, summary, params: CaseParams, body, response: { 200: CaseDetail } } },
      async (req) => {
        const ctx = ctxOf(req);
        await runCaseAction(ctx, req.params.id, name, req.body as never);
        return getCase(ctx, req.params.id);
      },
    );
  action(
    'appraise',
    AppraiseBody,
    'Appraisal (鉴定): fault verified, tests, photos, conclusion, customer choice (orders.execute)',
  );
  action('approve', CaseApproveBody, 'Approve: the center, and HQ above the value threshold (orders.approve)');
  action('reject', CaseRejectBody, 'Reject with a reason; the customer is told by SMS (orders.approve)');
  action(
    'execute',
    CaseExecuteBody,
    'Carry out: exchange (new unit registered, old one linked) or refund (orders.execute or orders.approve)',
  );
  action('close', CaseCloseBody, 'Close an executed case (orders.execute or orders.approve)');
  action('cancel', CaseCancelBody, 'Withdraw before approval (orders.create or orders.execute)');
}
