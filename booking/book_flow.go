package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// Book books the check-in of the cycle that contains in.Start, at
// in.Start. The start must be a slot the engine would propose: otherwise
// a *ConflictError (slot-unavailable, capacity-reached) or, for a start
// that can never be right, a *ValidationError naming "start". An async
// agreement books no time: in.Start must be absent and the check-in is a
// written update for the cycle in progress.
//
// Bookings of one mentor are serialised by a lock; the store refuses a
// second check-in for a cycle; the calendar event id is derived from the
// agreement, cycle and generation, so retries cannot create a second event.
func (s *Service) Book(ctx context.Context, agreementID string, in BookInput) (checkins.CheckIn, error) {
	if err := validAgenda(in.Agenda); err != nil {
		return checkins.CheckIn{}, err
	}
	a, mentor, mentee, err := s.loadAgreement(ctx, agreementID)
	if err != nil {
		return checkins.CheckIn{}, err
	}
	if a.Status != checkins.StatusActive {
		return checkins.CheckIn{}, &checkins.ConflictError{Kind: checkins.ConflictAgreementInactive,
			Detail: fmt.Sprintf("the agreement is %s; set it active to book", a.Status)}
	}
	cycles, err := cyclesOf(a, mentor)
	if err != nil {
		return checkins.CheckIn{}, err
	}
	now := s.now()
	if a.Format == checkins.FormatAsync {
		return s.bookAsync(ctx, a, cycles, in, now)
	}
	if in.Start == nil {
		return checkins.CheckIn{}, checkins.Invalid("start", "is required (RFC 3339); only async agreements book without a start")
	}
	start := *in.Start
	if !start.After(now) {
		return checkins.CheckIn{}, checkins.Invalid("start", "is in the past")
	}
	cyc, ok := cycles.Containing(start)
	if !ok {
		return checkins.CheckIn{}, checkins.Invalid("start", "is not inside any cycle of this agreement")
	}
	booked, err := s.bookedCycles(ctx, a.ID)
	if err != nil {
		return checkins.CheckIn{}, err
	}
	if b, ok := booked[cyc.Index]; ok {
		return checkins.CheckIn{}, cycleBooked(cyc.Index, b)
	}

	unlock, err := s.lockMentor(ctx, mentor.ID)
	if err != nil {
		return checkins.CheckIn{}, err
	}
	defer unlock()
	// Re-read the cycle under the lock, before the (slow) calendar read: a
	// booking that lost the race answers 409 at once instead of holding the
	// mentor's lock for a calendar round trip.
	all, err := s.store.ListCheckIns(ctx, a.ID)
	if err != nil {
		return checkins.CheckIn{}, fmt.Errorf("list check-ins of %q: %w", a.ID, err)
	}
	booked = holding(all)
	if b, ok := booked[cyc.Index]; ok {
		return checkins.CheckIn{}, cycleBooked(cyc.Index, b)
	}
	// The conflict check always reads the calendars fresh, never the cache.
	req, err := s.freshRequest(ctx, a, mentor, mentee, cyc, booked, nil)
	if err != nil {
		return checkins.CheckIn{}, err
	}
	if err := checkStart(req, start); err != nil {
		return checkins.CheckIn{}, err
	}
	// Every earlier booking of the cycle, cancelled ones included, used an
	// event id of its own: the next generation gets a fresh one.
	generation := 0
	for _, c := range all {
		if c.Cycle == cyc.Index && c.Generation >= generation {
			generation = c.Generation + 1
		}
	}
	c := checkins.CheckIn{
		ID: s.newID("chk"), AgreementID: a.ID, MentorID: mentor.ID, Cycle: cyc.Index, Generation: generation,
		Start: start.In(req.Mentor.Loc), End: start.Add(req.Duration).In(req.Mentor.Loc),
		Status: checkins.CheckInPending, Agenda: nonNilAgenda(in.Agenda), CreatedAt: now.UTC(), UpdatedAt: now.UTC(),
	}
	if mentor.CalendarID != "" {
		c.Event = &checkins.EventRef{CalendarID: mentor.CalendarID, EventID: eventID(a.ID, cyc.Index, generation)}
	}
	if err := s.store.CreateCheckIn(ctx, c); err != nil {
		return checkins.CheckIn{}, fmt.Errorf("store check-in: %w", err)
	}
	// From here on the work must finish even if the client goes away: a
	// pending check-in would otherwise hold the cycle until a repair pass.
	wctx := context.WithoutCancel(ctx)
	if err := s.fence(wctx, c, req); err != nil {
		s.abandon(wctx, c, false)
		return checkins.CheckIn{}, err
	}
	if c.Event != nil {
		ev, err := s.placeEvent(wctx, a, mentor, mentee, c)
		if err != nil {
			s.abandon(wctx, c, true)
			return checkins.CheckIn{}, err
		}
		c.Event.HTMLLink = ev.HTMLLink
	}
	c.Status = checkins.CheckInBooked
	c.UpdatedAt = s.now().UTC()
	if err := s.store.UpdateCheckIn(wctx, c); err != nil {
		// The event exists and the check-in holds the cycle as pending;
		// the repair pass will mark it booked.
		return checkins.CheckIn{}, fmt.Errorf("confirm check-in %q: %w", c.ID, err)
	}
	s.invalidate(wctx, mentor, mentee)
	return c, nil
}

func nonNilAgenda(a []string) []string {
	if a == nil {
		return []string{}
	}
	return a
}

func cycleBooked(index int, c checkins.CheckIn) error {
	return &checkins.ConflictError{Kind: checkins.ConflictCycleAlreadyBooked,
		Detail: fmt.Sprintf("cycle %d already has check-in %s", index, c.ID)}
}

// bookAsync records the written update of the cycle in progress.
func (s *Service) bookAsync(ctx context.Context, a checkins.Agreement, cycles schedule.Cycles, in BookInput, now time.Time) (checkins.CheckIn, error) {
	if in.Start != nil {
		return checkins.CheckIn{}, checkins.Invalid("start", "an async agreement books no calendar time; send only the agenda")
	}
	if len(in.Agenda) == 0 {
		return checkins.CheckIn{}, checkins.Invalid("agenda", "an async check-in is a written update: send at least one agenda item")
	}
	cyc, ok := cycles.Containing(now)
	if !ok {
		return checkins.CheckIn{}, checkins.Invalid("agreement", "no cycle of this agreement is in progress")
	}
	c := checkins.CheckIn{ID: s.newID("chk"), AgreementID: a.ID, MentorID: a.MentorID, Cycle: cyc.Index,
		Status: checkins.CheckInBooked, Agenda: in.Agenda, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	if err := s.store.CreateCheckIn(ctx, c); err != nil {
		return checkins.CheckIn{}, fmt.Errorf("store check-in: %w", err)
	}
	return c, nil
}

// fence makes the booking safe even when the mentor's lock expired
// mid-booking: among the mentor's check-ins that now overlap c (with the
// buffer) or share its week under the cap, the earliest created wins and
// the others give way. Every process decides the same way.
func (s *Service) fence(ctx context.Context, c checkins.CheckIn, req schedule.Request) error {
	week := schedule.WeekOf(c.Start, req.Mentor.Loc)
	weekFrom, weekTo := week.Start, week.End
	from, to := c.Start.Add(-req.Buffer), c.End.Add(req.Buffer)
	if weekFrom.Before(from) {
		from = weekFrom
	}
	if weekTo.After(to) {
		to = weekTo
	}
	others, err := s.store.ListMentorCheckIns(ctx, c.MentorID, from, to)
	if err != nil {
		return fmt.Errorf("re-read the mentor's check-ins: %w", err)
	}
	load := c.End.Sub(c.Start)
	for _, o := range others {
		if o.ID == c.ID || !o.Holds() || !earlier(o, c) {
			continue
		}
		if o.Start.Before(c.End.Add(req.Buffer)) && c.Start.Before(o.End.Add(req.Buffer)) {
			return &checkins.ConflictError{Kind: checkins.ConflictSlotUnavailable,
				Detail: "another check-in of the mentor was booked at this time a moment ago"}
		}
		if !o.Start.Before(weekFrom) && o.Start.Before(weekTo) {
			load += o.End.Sub(o.Start)
		}
	}
	if req.WeeklyCap > 0 && load > req.WeeklyCap {
		return &checkins.ConflictError{Kind: checkins.ConflictCapacityReached,
			Detail: fmt.Sprintf("the mentor's weekly cap of %d minutes is reached", int(req.WeeklyCap.Minutes()))}
	}
	return nil
}

func earlier(a, b checkins.CheckIn) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.Before(b.CreatedAt)
	}
	return a.ID < b.ID
}

// abandon cancels a check-in whose booking failed, removing its event
// when one may have been created.
func (s *Service) abandon(ctx context.Context, c checkins.CheckIn, eventMayExist bool) {
	if eventMayExist && c.Event != nil {
		if err := s.events.DeleteEvent(ctx, c.Event.CalendarID, c.Event.EventID); err != nil && !errors.Is(err, checkins.ErrNotFound) {
			s.log.Warn("booking failed and its event could not be removed; the repair pass will", "checkin", c.ID, "error", err)
		}
	}
	c.Status = checkins.CheckInCancelled
	c.UpdatedAt = s.now().UTC()
	if err := s.store.UpdateCheckIn(ctx, c); err != nil {
		s.log.Warn("booking failed and its check-in could not be released; the repair pass will", "checkin", c.ID, "error", err)
	}
}

// invalidate drops the cached availability of both people.
func (s *Service) invalidate(ctx context.Context, people ...checkins.Person) {
	for _, p := range people {
		if p.CalendarID == "" {
			continue
		}
		if err := s.cal.Invalidate(ctx, p.CalendarID); err != nil {
			s.log.Warn("could not invalidate cached availability", "calendar", p.CalendarID, "error", err)
		}
	}
}
