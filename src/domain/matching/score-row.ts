import { popcount, type Kernel } from './score-kernel';

/**
 * Scores mentee `i` against mentors `from` … `to − 1` into `out[from … to − 1]`. Same result as
 * kernelScore pair by pair, but with the mentee's fields and every array held in locals, which is what
 * lets V8 run the loop at a few nanoseconds a pair; the common one-word bit sets get their own loop.
 */
export function scoreRow(k: Kernel, i: number, from: number, to: number, out: Int32Array): void {
  const L = k.mentees;
  const R = k.mentors;
  const spec = L.spec[i], site = L.site[i], country = L.country[i], region = L.region[i];
  const meetBase = L.meet[i] * 3, stage = L.stage[i], day = L.day[i];
  const topicBase = L.topicCount[i] * (k.topicLimit + 1);
  const rSpec = R.spec, rSite = R.site, rCountry = R.country, rRegion = R.region, rMeet = R.meet, rStage = R.stage, rDay = R.day;
  const specPts = k.specPts, sitePts = k.sitePts, countryPts = k.countryPts, regionPts = k.regionPts;
  const langPts = k.langPts, topicPts = k.topicPts, meetPts = k.meetPts, stagePts = k.stagePts, recencyPts = k.recencyPts;
  const recencyDays = recencyPts.length;
  const lw = k.langWords, tw = k.topicWords;
  const rLang = R.lang, rTopic = R.topic;
  const lang0 = L.lang[i * lw], lang1 = lw > 1 ? L.lang[i * lw + 1] : 0;
  const topic0 = L.topic[i * tw];
  const simple = lw <= 2 && tw === 1;
  for (let j = from; j < to; j++) {
    let s = 0;
    if (rSpec[j] === spec) s += specPts;
    if (rSite[j] === site) s += sitePts;
    if (rCountry[j] === country) s += countryPts;
    else if (region >= 0 && rRegion[j] === region) s += regionPts;
    let shared: number;
    let covered: number;
    if (simple) {
      shared = popcount(lang0 & rLang[j * lw]) + (lw > 1 ? popcount(lang1 & rLang[j * lw + 1]) : 0);
      covered = popcount(topic0 & rTopic[j]);
    } else {
      shared = 0;
      covered = 0;
      for (let w = 0; w < lw; w++) shared += popcount(L.lang[i * lw + w] & rLang[j * lw + w]);
      for (let w = 0; w < tw; w++) covered += popcount(L.topic[i * tw + w] & rTopic[j * tw + w]);
    }
    s += langPts[shared > 2 ? 2 : shared] + topicPts[topicBase + covered] + meetPts[meetBase + rMeet[j]];
    const gap = rStage[j] - stage;
    s += stagePts[(gap < -1 ? -1 : gap > 6 ? 6 : gap) + 1];
    const days = day - rDay[j];
    if (days >= 0 && days < recencyDays) s += recencyPts[days];
    out[j] = s;
  }
}
