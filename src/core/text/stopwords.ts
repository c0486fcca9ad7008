/**
 * English function words plus the boilerplate of scientific prose ("paper", "propose", "results"):
 * words that occur in most abstracts and so say nothing about which paper is meant.
 */
const FUNCTION_WORDS = `a about above after again against all almost also although always am among an and another
any are aren't around as at be because been before being below between both but by can cannot could
did do does doing done down during each either else etc even ever every few for from further had has
have having he her here hers herself him himself his how however i if in into is isn't it its itself
just less let like many may me might more most much must my myself neither no nor not now of off often
on once one only onto or other others otherwise our ours ourselves out over own per perhaps rather
same several shall she should since so some such than that the their theirs them themselves then
there thereby therefore these they this those though through thus to too toward towards under
unless until up upon us very via was we well were what whatever when where whereas whether which
while who whom whose why will with within without would yet you your yours yourself yourselves
e.g i.e et al cf vs`;

const SCIENTIFIC_BOILERPLATE = `paper papers work works propose proposed proposes approach approaches
method methods result results show shows shown present presents presented use used uses using based
new novel also first two three different various existing recent recently study studies well make
makes made provide provides given across able way ways however thus show demonstrate demonstrates
significant significantly respectively further find found observe observed introduce introduces
including include includes whose allow allows within many much`;

export const STOPWORDS: ReadonlySet<string> = new Set(
  `${FUNCTION_WORDS} ${SCIENTIFIC_BOILERPLATE}`.split(/\s+/).filter(Boolean),
);
