package org.mcrpccds.feedback;

import java.time.LocalDate;

/** One rule on one UTC day: cards shown that day, feedback whose outcome fell on that day. */
public record DailyRuleStats(LocalDate date, String service, String rule, long cardsShown, long accepted, long overridden) {}
