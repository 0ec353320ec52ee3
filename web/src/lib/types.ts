/** Shapes of the HTTP contract (docs/api.md) as the front end reads them. */

export type Role = "user" | "assistant";
export interface Message {
  role: Role;
  content: string;
}

export type FactValue = boolean | number | string;
export type Profile = Record<string, FactValue>;

export interface Citation {
  id: number;
  docId: string;
  docTitle: string;
  article: string;
  text: string;
  quote: string;
  clauseId?: string;
}

export interface Amount {
  yuan: number;
  text: string;
  basis?: string;
  trace?: string[];
  schedule?: { label: string; yuan: number }[];
  min?: number;
  max?: number;
  approximate?: boolean;
  upTo?: boolean;
}

export type MatchStatus = "eligible" | "ineligible" | "needs_info";

export interface Match {
  ruleId: string;
  docTitle: string;
  article: string;
  quote: string;
  status: MatchStatus;
  amount?: Amount;
  reasons?: string[];
  failed?: string[];
  missing?: string[];
  missingLabels?: string[];
  general?: string[];
  notices?: string[];
}

export interface ChatResponse {
  answer: string;
  found: boolean;
  citations: Citation[];
  matches: Match[];
  followUps: string[];
  notices: string[];
  profile: Profile;
}

export interface EligibilityResponse {
  matches: Match[];
  notices: string[];
}

export type FactType = "boolean" | "money" | "percent" | "count" | "years" | "months" | "text";
export interface FactDef {
  key: string;
  type: FactType;
  label: string;
  question: string;
  unit?: string;
  group: string;
}

export interface ClauseRef {
  id: string;
  article?: string;
}

export interface ClauseResponse {
  clause: { id: string; docId: string; article: string; headings?: string[]; text: string };
  doc: {
    title: string;
    docNumber?: string;
    published?: string;
    validFrom?: string;
    validTo?: string;
    inForce?: boolean;
    issuer?: string;
  };
  prev?: ClauseRef | null;
  next?: ClauseRef | null;
}

export interface SearchHit {
  clauseId: string;
  docId: string;
  docTitle: string;
  article: string;
  text: string;
  score: number;
}
