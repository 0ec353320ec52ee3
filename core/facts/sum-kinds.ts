/**
 * Kinds of sum, by the head noun that ends their name: two names of one kind may name the same figure
 * (成交价 / 最终销售价格), two of different kinds never do (研发投入 is not a 销售价格). Shared by the
 * compiler's alias mining and the binding of the asker's numbers. Grammar of the genre, not vocabulary
 * of any one policy.
 */
export const SUM_KINDS: readonly (readonly [string, RegExp])[] = [
  ["price", /(?:价|价格|价款|售价)$/],
  ["revenue", /(?:收入|营收|营业额|销售额|零售额)$/],
  ["investment", /(?:投资|投入|投资额|投入额|投资总额)$/],
  ["rent", /(?:租金|房租|租赁费用?)$/],
  ["capital", /(?:注册资本|注册资金|实缴资本)$/],
  ["interest", /利息$/],
];

export const kindOf = (name: string): string | undefined => SUM_KINDS.find(([, re]) => re.test(name))?.[0];
