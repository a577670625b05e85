package booking

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/calendar"
)

// placeEvent creates the check-in's event. An id that already exists (a
// retry after a lost answer, or an insert whose answer timed out) is read
// back: the booking's own event is success, revived if it was cancelled,
// never a second event.
func (s *Service) placeEvent(ctx context.Context, a checkins.Agreement, mentor, mentee checkins.Person, c checkins.CheckIn) (calendar.Event, error) {
	want := event(a, mentor, mentee, c)
	ev, err := s.events.InsertEvent(ctx, want)
	if err == nil {
		return ev, nil
	}
	if !errors.Is(err, checkins.ErrConflict) && !errors.Is(err, checkins.ErrUnavailable) {
		return calendar.Event{}, fmt.Errorf("create event: %w", err)
	}
	got, gerr := s.events.GetEvent(ctx, want.CalendarID, want.ID)
	if gerr != nil {
		return calendar.Event{}, fmt.Errorf("create event: %w (reading it back: %v)", err, gerr)
	}
	if got.Private["checkins_agreement"] != a.ID || got.Private["checkins_cycle"] != strconv.Itoa(c.Cycle) {
		return calendar.Event{}, fmt.Errorf("event id %q belongs to another booking: %w", want.ID, checkins.ErrConflict)
	}
	if got.Status == "cancelled" || !got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
		want.Status = "confirmed"
		if got, err = s.events.PatchEvent(ctx, want); err != nil {
			return calendar.Event{}, fmt.Errorf("restore event %q: %w", want.ID, err)
		}
	}
	return got, nil
}

// GetCheckIn returns a check-in. Returns ErrNotFound if there is none.
func (s *Service) GetCheckIn(ctx context.Context, id string) (checkins.CheckIn, error) {
	c, err := s.store.GetCheckIn(ctx, id)
	if err != nil {
		return checkins.CheckIn{}, fmt.Errorf("get check-in %q: %w", id, err)
	}
	return c, nil
}

// ListCheckIns returns an agreement's check-ins, every status, by cycle.
func (s *Service) ListCheckIns(ctx context.Context, agreementID string) ([]checkins.CheckIn, error) {
	if _, err := s.store.GetAgreement(ctx, agreementID); err != nil {
		return nil, fmt.Errorf("get agreement %q: %w", agreementID, err)
	}
	cs, err := s.store.ListCheckIns(ctx, agreementID)
	if err != nil {
		return nil, fmt.Errorf("list check-ins of %q: %w", agreementID, err)
	}
	return cs, nil
}

// lockCheckIn takes the booking lock of a check-in's mentor and reads the
// check-in under it, so that a reschedule, an agenda edit, a cancel and a
// repair of the same check-in never interleave (one could otherwise write
// "booked" over a cancel that had already removed the event).
func (s *Service) lockCheckIn(ctx context.Context, id string) (checkins.CheckIn, func(), error) {
	c, err := s.GetCheckIn(ctx, id)
	if err != nil {
		return checkins.CheckIn{}, nil, err
	}
	unlock, err := s.lockMentor(ctx, c.MentorID)
	if err != nil {
		return checkins.CheckIn{}, nil, err
	}
	if c, err = s.GetCheckIn(ctx, id); err != nil {
		unlock()
		return checkins.CheckIn{}, nil, err
	}
	return c, unlock, nil
}

// CheckInPatch changes a check-in: a new start inside the same cycle
// (moves the event), or the agenda.
type CheckInPatch struct {
	Start  *time.Time `json:"start"`
	Agenda *[]string  `json:"agenda"`
}

// UpdateCheckIn reschedules a check-in within its cycle or edits its
// agenda, with the same checks as a booking.
func (s *Service) UpdateCheckIn(ctx context.Context, id string, in CheckInPatch) (checkins.CheckIn, error) {
	if in.Agenda != nil {
		if err := validAgenda(*in.Agenda); err != nil {
			return checkins.CheckIn{}, err
		}
	}
	c, unlock, err := s.lockCheckIn(ctx, id)
	if err != nil {
		return checkins.CheckIn{}, err
	}
	defer unlock()
	if c.Status != checkins.CheckInBooked {
		return checkins.CheckIn{}, &checkins.ConflictError{Kind: checkins.ConflictSlotUnavailable,
			Detail: fmt.Sprintf("check-in %s is %s and cannot be changed", c.ID, c.Status)}
	}
	a, mentor, mentee, err := s.loadAgreement(ctx, c.AgreementID)
	if err != nil {
		return checkins.CheckIn{}, err
	}
	if in.Start != nil && c.Start.IsZero() {
		return checkins.CheckIn{}, checkins.Invalid("start", "an async check-in has no start")
	}
	if in.Start != nil && !in.Start.Equal(c.Start) {
		if err := s.moveCheckIn(ctx, a, mentor, mentee, &c, *in.Start); err != nil {
			return checkins.CheckIn{}, err
		}
	}
	if in.Agenda != nil {
		c.Agenda = nonNilAgenda(*in.Agenda)
	}
	if c.Event != nil {
		ev := event(a, mentor, mentee, c)
		ev.Status = "confirmed"
		if _, err := s.events.PatchEvent(ctx, ev); err != nil {
			return checkins.CheckIn{}, fmt.Errorf("update event of check-in %q: %w", c.ID, err)
		}
	}
	c.UpdatedAt = s.now().UTC()
	if err := s.store.UpdateCheckIn(context.WithoutCancel(ctx), c); err != nil {
		return checkins.CheckIn{}, fmt.Errorf("update check-in %q: %w", c.ID, err)
	}
	s.invalidate(context.WithoutCancel(ctx), mentor, mentee)
	return c, nil
}

// moveCheckIn checks a new start for c inside its cycle and sets it.
func (s *Service) moveCheckIn(ctx context.Context, a checkins.Agreement, mentor, mentee checkins.Person, c *checkins.CheckIn, start time.Time) error {
	if !start.After(s.now()) {
		return checkins.Invalid("start", "is in the past")
	}
	cycles, err := cyclesOf(a, mentor)
	if err != nil {
		return err
	}
	cyc, err := cycles.At(c.Cycle)
	if err != nil {
		return err
	}
	if start.Before(cyc.Start) || !start.Before(cyc.End) {
		return checkins.Invalid("start", fmt.Sprintf("must stay inside cycle %d (%s to %s)", cyc.Index,
			cyc.Start.Format(time.RFC3339), cyc.End.Format(time.RFC3339)))
	}
	booked, err := s.bookedCycles(ctx, a.ID)
	if err != nil {
		return err
	}
	req, err := s.freshRequest(ctx, a, mentor, mentee, cyc, booked, c)
	if err != nil {
		return err
	}
	if err := checkStart(req, start); err != nil {
		return err
	}
	c.Start, c.End = start.In(req.Mentor.Loc), start.Add(req.Duration).In(req.Mentor.Loc)
	return nil
}

// CancelCheckIn cancels a check-in and its event, freeing the cycle.
// Cancelling a cancelled check-in changes nothing.
func (s *Service) CancelCheckIn(ctx context.Context, id string) (checkins.CheckIn, error) {
	c, unlock, err := s.lockCheckIn(ctx, id)
	if err != nil {
		return checkins.CheckIn{}, err
	}
	defer unlock()
	if c.Status == checkins.CheckInCancelled {
		return c, nil
	}
	a, mentor, mentee, err := s.loadAgreement(ctx, c.AgreementID)
	if err != nil {
		return checkins.CheckIn{}, err
	}
	if c.Event != nil {
		if err := s.events.DeleteEvent(ctx, c.Event.CalendarID, c.Event.EventID); err != nil && !errors.Is(err, checkins.ErrNotFound) {
			return checkins.CheckIn{}, fmt.Errorf("cancel event of check-in %q: %w", c.ID, err)
		}
	}
	c.Status = checkins.CheckInCancelled
	c.UpdatedAt = s.now().UTC()
	if err := s.store.UpdateCheckIn(context.WithoutCancel(ctx), c); err != nil {
		return checkins.CheckIn{}, fmt.Errorf("cancel check-in %q of %q: %w", c.ID, a.ID, err)
	}
	s.invalidate(context.WithoutCancel(ctx), mentor, mentee)
	return c, nil
}
