package booking

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// Proposals answers "which slots of this cycle are best, and why".
type Proposals struct {
	AgreementID     string
	Cycle           schedule.Cycle
	DurationMinutes int
	Slots           []schedule.Slot
	Reason          string // set exactly when Slots is empty
	Availability    Freshness
}

// CycleNext selects the first cycle, from now on, with no check-in.
const CycleNext = "next"

// ParseCycle validates a cycle selector: "next" or a non-negative index.
func ParseCycle(v string) (string, error) {
	if v == "" || v == CycleNext {
		return CycleNext, nil
	}
	if n, err := strconv.Atoi(v); err != nil || n < 0 {
		return "", checkins.Invalid("cycle", `must be "next" or a cycle index (0, 1, 2, ...)`)
	}
	return v, nil
}

// Propose returns the best slots of an agreement's cycle (cycle is "next"
// or an index), at most limit of them. A cycle with no room is an answer
// with a Reason, not an error. Returns ErrNotFound for an unknown
// agreement, a *ValidationError for a cycle out of range, and a
// *CalendarError when a calendar cannot be read.
func (s *Service) Propose(ctx context.Context, agreementID, cycle string, limit int) (Proposals, error) {
	a, mentor, mentee, err := s.loadAgreement(ctx, agreementID)
	if err != nil {
		return Proposals{}, err
	}
	p := Proposals{AgreementID: a.ID, DurationMinutes: a.DurationMinutes}
	now := s.now()
	cycles, err := cyclesOf(a, mentor)
	if err != nil {
		return p, err
	}
	booked, err := s.bookedCycles(ctx, a.ID)
	if err != nil {
		return p, err
	}
	cyc, err := selectCycle(cycles, cycle, now, booked)
	if err != nil {
		return p, err
	}
	p.Cycle = cyc
	switch {
	case a.Format == checkins.FormatAsync:
		p.Reason = "asynchronous agreement: each cycle's check-in is a written update, not calendar time"
		return p, nil
	case a.Status != checkins.StatusActive:
		p.Reason = fmt.Sprintf("the agreement is %s", a.Status)
		return p, nil
	case !cyc.End.After(now):
		p.Reason = "this cycle is over"
		return p, nil
	}
	req, fresh, err := s.request(ctx, a, mentor, mentee, cyc, booked, s.cachedBusy, nil)
	if err != nil {
		return p, err
	}
	req.Limit = limit
	p.Availability = fresh
	prop, err := schedule.Propose(req)
	if err != nil {
		return p, fmt.Errorf("propose for agreement %q: %w", a.ID, err)
	}
	p.Slots, p.Reason = prop.Slots, prop.Reason
	if p.Slots == nil {
		p.Slots = []schedule.Slot{}
	}
	return p, nil
}

// selectCycle resolves "next" or an index to a cycle.
func selectCycle(cycles schedule.Cycles, sel string, now time.Time, booked map[int]checkins.CheckIn) (schedule.Cycle, error) {
	if sel == "" || sel == CycleNext {
		c, ok := cycles.Next(now, func(i int) bool { _, ok := booked[i]; return ok })
		if !ok {
			return schedule.Cycle{}, checkins.Invalid("cycle", "every cycle of this agreement is over or booked")
		}
		return c, nil
	}
	k, err := strconv.Atoi(sel)
	if err != nil || k < 0 {
		return schedule.Cycle{}, checkins.Invalid("cycle", `must be "next" or a cycle index`)
	}
	return cycles.At(k)
}

// freshRequest is request with the calendars read fresh, as the conflict
// check of a booking must; exclude (a check-in being moved) does not count
// as busy.
func (s *Service) freshRequest(ctx context.Context, a checkins.Agreement, mentor, mentee checkins.Person, cyc schedule.Cycle, booked map[int]checkins.CheckIn, exclude *checkins.CheckIn) (schedule.Request, error) {
	req, _, err := s.request(ctx, a, mentor, mentee, cyc, booked, s.freshBusy, exclude)
	return req, err
}

// request gathers everything the schedule engine needs for one cycle:
// both people's rules and busy time, and the mentor's other check-ins.
// The calendars are read with read. The time
// of exclude (a check-in being moved) is taken out of both people's busy
// time, since their calendars hold its event.
func (s *Service) request(ctx context.Context, a checkins.Agreement, mentor, mentee checkins.Person, cyc schedule.Cycle, booked map[int]checkins.CheckIn, read busyReader, exclude *checkins.CheckIn) (schedule.Request, Freshness, error) {
	now := s.now()
	mLoc, err := schedule.LoadZone("mentor.time_zone", mentor.TimeZone)
	if err != nil {
		return schedule.Request{}, Freshness{}, err
	}
	eLoc, err := schedule.LoadZone("mentee.time_zone", mentee.TimeZone)
	if err != nil {
		return schedule.Request{}, Freshness{}, err
	}
	buffer := time.Duration(mentor.BufferMinutes) * time.Minute
	from := cyc.Start
	if now.After(from) {
		from = now
	}
	window := schedule.Interval{Start: from.Add(-buffer), End: cyc.End.Add(buffer)}
	busy, info, err := read(ctx, window, mentor, mentee)
	if err != nil {
		return schedule.Request{}, Freshness{}, err
	}
	if exclude != nil && !exclude.Start.IsZero() {
		own := schedule.NewSet(schedule.Interval{Start: exclude.Start, End: exclude.End})
		for id, b := range busy {
			busy[id] = b.Subtract(own)
		}
	}
	// The weekly cap counts the mentor's check-ins in every Monday-to-Sunday
	// week the cycle touches; this cycle's own check-in is left out so that
	// it can be moved.
	weeks := schedule.Interval{Start: schedule.WeekOf(cyc.Start, mLoc).Start, End: schedule.WeekOf(cyc.End, mLoc).End}
	others, err := s.store.ListMentorCheckIns(ctx, mentor.ID, weeks.Start, weeks.End)
	if err != nil {
		return schedule.Request{}, Freshness{}, fmt.Errorf("list check-ins of mentor %q: %w", mentor.ID, err)
	}
	var load []schedule.Interval
	for _, c := range others {
		if (c.AgreementID == a.ID && c.Cycle == cyc.Index) || (exclude != nil && c.ID == exclude.ID) {
			continue
		}
		load = append(load, schedule.Interval{Start: c.Start, End: c.End})
	}
	var previous *time.Time
	for k := cyc.Index - 1; k >= 0 && k >= cyc.Index-3; k-- {
		if c, ok := booked[k]; ok && !c.Start.IsZero() {
			start := c.Start
			previous = &start
			break
		}
	}
	req := schedule.Request{
		Cycle:          cyc,
		Duration:       time.Duration(a.DurationMinutes) * time.Minute,
		Now:            now,
		Mentor:         schedule.Party{Loc: mLoc, Hours: mentor.WorkingHours, Busy: busy[mentor.CalendarID]},
		Mentee:         schedule.Party{Loc: eLoc, Hours: mentee.WorkingHours, Busy: busy[mentee.CalendarID]},
		MentorWindows:  mentor.Windows(),
		Buffer:         buffer,
		MinNotice:      time.Duration(mentor.MinNoticeHours) * time.Hour,
		WeeklyCap:      time.Duration(mentor.MaxCheckinMinutesPerWeek) * time.Minute,
		MentorCheckIns: load,
		Previous:       previous,
	}
	return req, info, nil
}
