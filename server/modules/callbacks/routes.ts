import type { FastifyInstance } from 'fastify';
import { ctxOf, langOf, typed } from '../../platform/http.js';
import { onOrderCompleted, provideSatisfaction } from '../work-orders/index.js';
import { answerCallback, cancelCallback, recordAttempt } from './commands.js';
import {
  AnswerBody,
  AttemptBody,
  CallbackDetail,
  CallbackPage,
  CallbackQuery,
  CancelBody,
  IdParams,
  ScoreList,
  ScoreQuery,
  SurveyBody,
  SurveyParams,
  SurveyResult,
  SurveyView,
} from './contract.js';
import { callbackOfCompletion } from './create.js';
import { callbackScores, getCallback, listCallbacks } from './queries.js';
import { satisfactionFigures } from './satisfaction.js';
import { answerSurvey, surveyView } from './survey.js';

const tags = ['callbacks'];

/** Callbacks (回访, docs/callbacks.md): the queue, the script, answers and their outcomes, retries, scores. */
export async function callbackRoutes(app: FastifyInstance) {
  // A completed order sampled by the plan in force gets its callback task in the completion's
  // transaction; the survey link rides on the customer's completion message.
  onOrderCompleted('callbacks', async (tx, ctx, e) => {
    const made = await callbackOfCompletion(tx, ctx, e);
    return made?.survey ? { message: made.survey } : undefined;
  });
  // The dispatch suggestion shows the outlet's and technicians' rolling satisfaction.
  provideSatisfaction(satisfactionFigures);
  const r = typed(app);

  r.get(
    '/api/callbacks',
    {
      schema: {
        tags,
        summary:
          'The callback queue in my scope (a center: its tasks; an outlet: its own orders’), by due date (callbacks.read)',
        querystring: CallbackQuery,
        response: { 200: CallbackPage },
      },
    },
    async (req) => listCallbacks(ctxOf(req, 'callbacks.read'), req.query),
  );
  r.get(
    '/api/callbacks/:id',
    {
      schema: {
        tags,
        summary:
          'One callback task: the order, the work done, the fee, the script, attempts and outcomes (callbacks.read)',
        params: IdParams,
        response: { 200: CallbackDetail },
      },
    },
    async (req) => getCallback(ctxOf(req, 'callbacks.read'), req.params.id),
  );
  r.post(
    '/api/callbacks/:id/answer',
    {
      schema: {
        tags,
        summary:
          'Record the customer’s answers: confirms the order, or reopens it as a repeat visit, opens a fee complaint, notifies the outlet of a low score (callbacks.work)',
        params: IdParams,
        body: AnswerBody,
        response: { 200: CallbackDetail },
      },
    },
    async (req) => answerCallback(ctxOf(req, 'callbacks.work'), req.params.id, req.body),
  );
  r.post(
    '/api/callbacks/:id/attempts',
    {
      schema: {
        tags,
        summary:
          'Record a failed attempt to reach the customer; the last allowed attempt closes the task as unreachable (callbacks.work)',
        params: IdParams,
        body: AttemptBody,
        response: { 200: CallbackDetail },
      },
    },
    async (req) => recordAttempt(ctxOf(req, 'callbacks.work'), req.params.id, req.body),
  );
  r.post(
    '/api/callbacks/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an open callback task with a reason (callbacks.manage)',
        params: IdParams,
        body: CancelBody,
        response: { 200: CallbackDetail },
      },
    },
    async (req) => cancelCallback(ctxOf(req, 'callbacks.manage'), req.params.id, req.body),
  );
  r.get(
    '/api/callback-scores',
    {
      schema: {
        tags,
        summary:
          'Satisfaction per outlet or technician over the callbacks answered in a period, in my scope (callbacks.read)',
        querystring: ScoreQuery,
        response: { 200: ScoreList },
      },
    },
    async (req) => callbackScores(ctxOf(req, 'callbacks.read'), req.query),
  );

  // The customer's survey page behind the one-time link of the SMS: public, no staff session; the
  // 192-bit token is the only key (nothing personal is shown: the link may be forwarded).
  r.get(
    '/api/portal/survey/:token',
    {
      schema: {
        tags: ['portal'],
        summary: 'The callback survey behind a one-time SMS link: the order, the fee recorded and the questions',
        params: SurveyParams,
        response: { 200: SurveyView },
      },
    },
    async (req) => surveyView(req.server.database.db, req.params.token, req.server.clock()),
  );
  r.post(
    '/api/portal/survey/:token',
    {
      schema: {
        tags: ['portal'],
        summary:
          'The customer answers the survey: once, before the window ends; the same outcomes as an answer on the phone',
        params: SurveyParams,
        body: SurveyBody,
        response: { 200: SurveyResult },
      },
    },
    async (req) => {
      await answerSurvey(req.server.database.db, req.params.token, req.body, {
        now: req.server.clock(),
        requestId: req.id,
        lang: langOf(req),
      });
      return { state: 'answered' as const };
    },
  );
}
