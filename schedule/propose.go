package schedule

import (
	"fmt"
	"time"
)

// Duration limits of a check-in.
const (
	MinDuration = 15 * time.Minute
	MaxDuration = 30 * time.Minute
)

// maxCycleSpan bounds the length of a cycle Propose accepts (a 12-month
// cycle is at most 366 days).
const maxCycleSpan = 400 * 24 * time.Hour

// Party is one side of an agreement as the scheduler sees it.
type Party struct {
	Loc   *time.Location
	Hours Weekly // working hours; core hours are derived from these (Weekly.Core)
	Busy  Set    // calendar busy time; need not be sorted or merged
}

// Request is everything Propose and Check need to know.
type Request struct {
	Cycle          Cycle
	Duration       time.Duration // 15..30 minutes inclusive, whole minutes
	Now            time.Time
	Mentor, Mentee Party
	MentorWindows  Weekly        // the mentor's check-in windows (callers pass working hours when none are set)
	Buffer         time.Duration // mentor's buffer_minutes; widens BOTH people's busy time
	MinNotice      time.Duration
	WeeklyCap      time.Duration // 0: no cap
	MentorCheckIns []Interval    // the mentor's other booked check-ins, all agreements: busy, and counted toward the cap
	Previous       *time.Time    // start of this agreement's previous check-in, for the steady-rhythm preference
	Limit          int           // max slots returned; <=0 means 5
}

// Validate reports every problem with r as a *ValidationError naming the
// fields as clients know them.
func (r Request) Validate() error {
	verr := &ValidationError{}
	if r.Duration < MinDuration || r.Duration > MaxDuration || r.Duration%time.Minute != 0 {
		verr.Add("duration_minutes", "must be a whole number of minutes from 15 to 30")
	}
	if r.Mentor.Loc == nil {
		verr.Add("mentor.time_zone", "is required")
	}
	if r.Mentee.Loc == nil {
		verr.Add("mentee.time_zone", "is required")
	}
	if r.Buffer < 0 || r.Buffer > 24*time.Hour {
		verr.Add("buffer_minutes", "must be between 0 and 1440")
	}
	if r.MinNotice < 0 || r.MinNotice > maxCycleSpan {
		verr.Add("min_notice_hours", "must be between 0 and 9600")
	}
	if r.WeeklyCap < 0 {
		verr.Add("max_checkin_minutes_per_week", "must not be negative (0 means no cap)")
	}
	if span := r.Cycle.End.Sub(r.Cycle.Start); span <= 0 || span > maxCycleSpan {
		verr.Add("cycle", "must end after it starts and last at most 400 days")
	}
	return verr.Err()
}

// Slot is a proposed check-in time, in the mentor's zone.
type Slot struct {
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Score   float64   `json:"score"`
	Reasons []string  `json:"reasons"`
}

// Proposal is the answer of Propose: slots best first, or, when there
// are none, the reason why.
type Proposal struct {
	Slots  []Slot
	Reason string // non-empty exactly when Slots is empty
}

// plan holds what Propose derives from a Request.
type plan struct {
	r        Request
	cycle    Interval
	earliest time.Time
	windows  Set // mentor's check-in windows in the cycle
	shared   Set // windows ∩ mentee's working hours
	allowed  Set // shared, from the earliest allowed start
	free     Set // allowed minus busy (widened)
	checkIns Set // mentor's other check-ins
	weekUse  map[Date]time.Duration
}

func newPlan(r Request) plan {
	p := plan{r: r, cycle: r.Cycle.Interval()}
	p.earliest = maxTime(r.Now.Add(r.MinNotice), p.cycle.Start)
	p.windows = r.MentorWindows.In(r.Mentor.Loc, p.cycle)
	p.shared = p.windows.Intersect(r.Mentee.Hours.In(r.Mentee.Loc, p.cycle))
	p.allowed = p.shared.Clip(Interval{Start: p.earliest, End: p.cycle.End})
	p.checkIns = NewSet(r.MentorCheckIns...)
	if len(p.allowed) > 0 {
		scope := Interval{Start: p.allowed[0].Start.Add(-r.Buffer), End: p.allowed[len(p.allowed)-1].End.Add(r.Buffer)}
		busy := normal(r.Mentor.Busy).Clip(scope).
			Union(normal(r.Mentee.Busy).Clip(scope)).
			Union(p.checkIns.Clip(scope))
		p.free = p.allowed.Subtract(busy.Widen(r.Buffer))
	}
	p.weekUse = weekUse(r)
	return p
}

// weekUse sums the mentor's other check-ins per week; nil without a cap.
func weekUse(r Request) map[Date]time.Duration {
	if r.WeeklyCap <= 0 {
		return nil
	}
	use := make(map[Date]time.Duration)
	for _, c := range r.MentorCheckIns {
		if !c.Empty() {
			use[weekOf(c.Start, r.Mentor.Loc)] += c.Duration()
		}
	}
	return use
}

// WeekOf is the Monday-to-Sunday week of t in loc, from local midnight to
// local midnight: the week the weekly cap counts check-ins in.
func WeekOf(t time.Time, loc *time.Location) Interval {
	monday := weekOf(t, loc)
	return Interval{Start: monday.Midnight(loc), End: addDays(monday, 7).Midnight(loc)}
}

// weekOf is the Monday of the Monday-to-Sunday week of t in loc.
func weekOf(t time.Time, loc *time.Location) Date {
	l := t.In(loc)
	back := (int(l.Weekday()) + 6) % 7
	return addDays(DateOf(l), -back)
}

// capOK reports whether a check-in starting at start keeps the mentor
// within the weekly cap. A check-in counts toward the week it starts in.
func (p *plan) capOK(start time.Time) bool {
	return p.r.WeeklyCap <= 0 || p.weekUse[weekOf(start, p.r.Mentor.Loc)]+p.r.Duration <= p.r.WeeklyCap
}

// candidate is an admissible slot start with what ranking needs.
type candidate struct {
	start time.Time
	edge  bool // first or last slot of its free block
	score float64
	flags rankFlags
}

// candidates returns every admissible slot, earliest first, and whether
// the weekly cap removed any.
func (p *plan) candidates() (out []candidate, capped bool) {
	d := p.r.Duration
	loc := p.r.Mentor.Loc
	for _, f := range p.free {
		first := len(out)
		for s := alignUp(f.Start, loc); !s.Add(d).After(f.End); s = alignUp(s.Add(quarter), loc) {
			if !aligned(s, loc) {
				continue
			}
			if !p.capOK(s) {
				capped = true
				continue
			}
			out = append(out, candidate{start: s})
		}
		if n := len(out); n > first {
			out[first].edge = out[first].start.Sub(f.Start) < quarter
			out[n-1].edge = out[n-1].edge || f.End.Sub(out[n-1].start.Add(d)) < quarter
		}
	}
	return out, capped
}

// Candidates returns every slot Propose could return (its admissible set,
// ignoring ranking and Limit), earliest first, in the mentor's zone.
func Candidates(r Request) ([]Interval, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	p := newPlan(r)
	cands, _ := p.candidates()
	out := make([]Interval, len(cands))
	for i, c := range cands {
		out[i] = Interval{Start: c.start.In(r.Mentor.Loc), End: c.start.Add(r.Duration).In(r.Mentor.Loc)}
	}
	return out, nil
}

// Propose returns the best slots for r, best first. It returns an error
// only for invalid input (a *ValidationError); no possible slot is a
// Proposal with a Reason.
func Propose(r Request) (Proposal, error) {
	if err := r.Validate(); err != nil {
		return Proposal{}, err
	}
	if r.Limit <= 0 {
		r.Limit = 5
	}
	p := newPlan(r)
	cands, capped := p.candidates()
	if len(cands) == 0 {
		return Proposal{Slots: []Slot{}, Reason: p.reason(capped)}, nil
	}
	return Proposal{Slots: p.rank(cands)}, nil
}

// reason explains why there is no slot, naming the first rule that leaves
// nothing.
func (p *plan) reason(capped bool) string {
	d := p.r.Duration
	switch {
	case !p.r.Now.Before(p.cycle.End):
		return "this cycle is already over"
	case !fits(p.windows, d):
		return "no check-in window in this cycle"
	case !fits(p.shared, d):
		return "the mentor's check-in windows do not overlap the mentee's working hours in this cycle"
	case !fits(p.allowed, d):
		return fmt.Sprintf("minimum notice of %s leaves no time in this cycle", hoursText(p.r.MinNotice))
	case capped:
		return fmt.Sprintf("weekly cap of %d minutes reached", int(p.r.WeeklyCap/time.Minute))
	}
	return "fully booked"
}

// fits reports whether some interval of s is at least d long.
func fits(s Set, d time.Duration) bool {
	for _, iv := range s {
		if iv.Duration() >= d {
			return true
		}
	}
	return false
}

func hoursText(d time.Duration) string {
	switch {
	case d == time.Hour:
		return "1 hour"
	case d%time.Hour == 0:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	}
	return fmt.Sprintf("%d minutes", int(d/time.Minute))
}
