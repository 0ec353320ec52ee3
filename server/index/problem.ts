/** Why an index cannot be served: the message is Chinese first, for logs, /readyz and operators. */
export class IndexProblem extends Error {}
