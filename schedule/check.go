package schedule

import (
	"fmt"
	"time"
)

// Rule names the constraint a booking breaks.
type Rule string

// The rules of a slot, in the order Check tests them.
const (
	RuleQuarterHour Rule = "quarter_hour"
	RuleCycle       Rule = "cycle"
	RuleNotice      Rule = "notice"
	RuleWindow      Rule = "window"
	RuleMenteeHours Rule = "mentee_hours"
	RuleBusy        Rule = "busy"
	RuleCap         Rule = "cap"
)

// Rejection says why a start time cannot be booked.
type Rejection struct {
	Rule   Rule
	Detail string // a human sentence
}

func (e *Rejection) Error() string { return "slot unavailable (" + string(e.Rule) + "): " + e.Detail }

// Check reports whether start is a slot Propose could return for r
// (ignoring Limit): nil when it is, a *Rejection naming the first broken
// rule when it is not, and a *ValidationError for invalid input.
func Check(r Request, start time.Time) error {
	if err := r.Validate(); err != nil {
		return err
	}
	mLoc := r.Mentor.Loc
	slot := Interval{Start: start, End: start.Add(r.Duration)}
	at := start.In(mLoc).Format("Mon 2 Jan 15:04 MST")
	reject := func(rule Rule, format string, args ...any) error {
		return &Rejection{Rule: rule, Detail: fmt.Sprintf(format, args...)}
	}
	switch {
	case !aligned(start, mLoc):
		return reject(RuleQuarterHour, "%s does not start on a quarter hour", at)
	case !r.Cycle.Interval().Contains(slot):
		return reject(RuleCycle, "%s is not inside cycle %d", at, r.Cycle.Index)
	case start.Before(r.Now.Add(r.MinNotice)):
		return reject(RuleNotice, "%s is less than %s from now", at, hoursText(r.MinNotice))
	case !r.MentorWindows.In(mLoc, slot).Covers(slot):
		return reject(RuleWindow, "%s is outside the mentor's check-in windows", at)
	case !r.Mentee.Hours.In(r.Mentee.Loc, slot).Covers(slot):
		return reject(RuleMenteeHours, "%s is outside the mentee's working hours", at)
	}
	reach := Interval{Start: slot.Start.Add(-r.Buffer), End: slot.End.Add(r.Buffer)}
	buffer := fmt.Sprintf("%d-minute", int(r.Buffer/time.Minute))
	if normal(r.Mentor.Busy).Hits(reach) || NewSet(r.MentorCheckIns...).Hits(reach) {
		return reject(RuleBusy, "%s clashes with the mentor's calendar (keeping a %s buffer)", at, buffer)
	}
	if normal(r.Mentee.Busy).Hits(reach) {
		return reject(RuleBusy, "%s clashes with the mentee's calendar (keeping a %s buffer)", at, buffer)
	}
	p := plan{r: r, weekUse: weekUse(r)}
	if !p.capOK(start) {
		return reject(RuleCap, "the mentor's weekly cap of %d minutes would be exceeded that week", int(r.WeeklyCap/time.Minute))
	}
	return nil
}
