/**
 * Shapes of the HTTP contract (docs/api.md) as the front end reads them,
 * derived from the server's zod schemas and types (type-only imports: esbuild
 * drops them, nothing of the server is bundled). A field added or renamed on
 * the server is a type error here, not silent drift.
 */
import type {
  ChatMessage,
  ClauseResponse as ServerClauseResponse,
  EligibilityRequest as ServerEligibilityRequest,
  PolicyView as ServerPolicyView,
} from "../../../server/http/schemas.js";
import type { AskedFact as ServerAskedFact, ChatResponse as ServerChatResponse, Citation as ServerCitation } from "../../../server/chat/schema.js";
import type { FactDef as ServerFactDef, FactType as ServerFactType, FactValue as ServerFactValue } from "../../../core/facts/registry.js";
import type { Amount as ServerAmount, Evaluation, Match as ServerMatch, MatchStatus as ServerMatchStatus } from "../../../core/rules/match.js";
import type { SearchHit as ServerSearchHit } from "../../../server/retrieval/search.js";

/** The page sends only user and assistant turns. */
export type Role = "user" | "assistant";
export type Message = Omit<ChatMessage, "role"> & { role: Role };

export type FactValue = ServerFactValue;
export type Profile = Record<string, FactValue>;

export type Citation = ServerCitation;
export type AskedFact = ServerAskedFact;
export type Amount = ServerAmount;
export type MatchStatus = ServerMatchStatus;
export type Match = ServerMatch;
export type ChatResponse = ServerChatResponse;
export type EligibilityResponse = Evaluation;
export type EligibilityRequest = Omit<ServerEligibilityRequest, "profile"> & { profile: Profile };

export type FactType = ServerFactType;
export type FactDef = ServerFactDef;

export type SearchHit = ServerSearchHit;

/** A document as /api/policies and /api/clauses serve it: its metadata, and whether it is in force today. */
export type PolicyView = ServerPolicyView;

/** GET /api/clauses/:clauseId: the same schema the route declares in /api/openapi.json. */
export type ClauseResponse = ServerClauseResponse;
