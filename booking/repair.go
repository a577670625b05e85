package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/store"
)

// Repair tuning.
const (
	// repairAfter is how old a pending check-in must be before a repair
	// pass settles it: a live booking finishes well within it.
	repairAfter = 2 * time.Minute
	// repairCancelledWithin is how far back cancelled check-ins are checked
	// for an event that outlived them.
	repairCancelledWithin = 24 * time.Hour
)

// Repair settles bookings that a crash interrupted, so that every event
// has a check-in and every booked check-in an event:
//   - a pending check-in whose event exists is marked booked; one whose
//     event does not exist (or is cancelled) is cancelled, freeing the cycle;
//   - a recently cancelled check-in whose event is still confirmed has the
//     event cancelled.
//
// Events are only ever created for a stored check-in (the check-in is
// written, as pending, before the event), so no event lacks a record.
func (s *Service) Repair(ctx context.Context, rep *AutobookReport) error {
	ags, err := s.store.ListAgreements(ctx, store.AgreementFilter{})
	if err != nil {
		return fmt.Errorf("repair: list agreements: %w", err)
	}
	now := s.now()
	for _, a := range ags {
		cs, err := s.store.ListCheckIns(ctx, a.ID)
		if err != nil {
			rep.add(&rep.Errors, a.ID, -1, "repair: "+err.Error())
			continue
		}
		for _, c := range cs {
			var fixed bool
			var err error
			switch {
			case c.Status == checkins.CheckInPending && now.Sub(c.UpdatedAt) >= repairAfter:
				fixed, err = s.settlePending(ctx, c)
			case c.Status == checkins.CheckInCancelled && c.Event != nil && now.Sub(c.UpdatedAt) < repairCancelledWithin:
				fixed, err = s.settleCancelled(ctx, c)
			default:
				continue
			}
			if err != nil {
				rep.add(&rep.Errors, a.ID, c.Cycle, "repair: "+err.Error())
			}
			if fixed {
				rep.mu.Lock()
				rep.Repaired++
				rep.mu.Unlock()
			}
		}
	}
	return nil
}

func (s *Service) settlePending(ctx context.Context, c checkins.CheckIn) (bool, error) {
	// A booking in flight holds the mentor's lock: wait for it, then look
	// again, so that repair never overwrites a booking that finished.
	c, unlock, err := s.lockCheckIn(ctx, c.ID)
	if err != nil {
		return false, err
	}
	defer unlock()
	if c.Status != checkins.CheckInPending || s.now().Sub(c.UpdatedAt) < repairAfter {
		return false, nil
	}
	c.Status = checkins.CheckInBooked
	if c.Event != nil {
		ev, err := s.events.GetEvent(ctx, c.Event.CalendarID, c.Event.EventID)
		switch {
		case errors.Is(err, checkins.ErrNotFound) || (err == nil && ev.Status == "cancelled"):
			c.Status = checkins.CheckInCancelled
		case err != nil:
			return false, fmt.Errorf("read event of check-in %s: %w", c.ID, err)
		default:
			c.Event.HTMLLink = ev.HTMLLink
		}
	}
	c.UpdatedAt = s.now().UTC()
	if err := s.store.UpdateCheckIn(ctx, c); err != nil {
		return false, fmt.Errorf("settle check-in %s: %w", c.ID, err)
	}
	s.log.Info("repaired an interrupted booking", "checkin", c.ID, "status", c.Status)
	return true, nil
}

func (s *Service) settleCancelled(ctx context.Context, c checkins.CheckIn) (bool, error) {
	ev, err := s.events.GetEvent(ctx, c.Event.CalendarID, c.Event.EventID)
	if errors.Is(err, checkins.ErrNotFound) || (err == nil && ev.Status == "cancelled") {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read event of check-in %s: %w", c.ID, err)
	}
	if err := s.events.DeleteEvent(ctx, c.Event.CalendarID, c.Event.EventID); err != nil && !errors.Is(err, checkins.ErrNotFound) {
		return false, fmt.Errorf("cancel the event of cancelled check-in %s: %w", c.ID, err)
	}
	s.log.Info("cancelled the event of a cancelled check-in", "checkin", c.ID)
	return true, nil
}
