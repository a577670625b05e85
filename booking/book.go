package booking

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/calendar"
	"github.com/mentorship/checkins/schedule"
)

// Events writes check-in events to calendars.
type Events interface {
	InsertEvent(ctx context.Context, ev calendar.Event) (calendar.Event, error)
	GetEvent(ctx context.Context, calendarID, eventID string) (calendar.Event, error)
	PatchEvent(ctx context.Context, ev calendar.Event) (calendar.Event, error)
	DeleteEvent(ctx context.Context, calendarID, eventID string) error
}

// Locker serialises bookings per mentor across processes.
type Locker interface {
	Lock(ctx context.Context, name string, ttl time.Duration) (token string, ok bool, err error)
	Unlock(ctx context.Context, name, token string) error
}

// CheckInStore is the persistence of check-ins.
type CheckInStore interface {
	CreateCheckIn(ctx context.Context, c checkins.CheckIn) error
	GetCheckIn(ctx context.Context, id string) (checkins.CheckIn, error)
	UpdateCheckIn(ctx context.Context, c checkins.CheckIn) error
}

// FreshCalendar reads free/busy bypassing the cache and drops cached
// availability after a change.
type FreshCalendar interface {
	FreeBusyFresh(ctx context.Context, calendarIDs []string, window schedule.Interval) (map[string]calendar.Busy, error)
	Invalidate(ctx context.Context, calendarID string) error
}

// Limits of a check-in's agenda.
const (
	maxAgendaItems = 20
	maxAgendaChars = 2000
)

// Booking-time tuning.
const (
	lockTTL     = 30 * time.Second
	lockWait    = 10 * time.Second
	lockBackoff = 25 * time.Millisecond
)

// BookInput is the body of POST /v1/agreements/{id}/checkins.
type BookInput struct {
	Start  *time.Time `json:"start"`
	Agenda []string   `json:"agenda"`
}

func validAgenda(agenda []string) error {
	verr := &checkins.ValidationError{}
	if len(agenda) > maxAgendaItems {
		verr.Add("agenda", fmt.Sprintf("at most %d items", maxAgendaItems))
	}
	for i, item := range agenda {
		if item == "" || len(item) > maxAgendaChars {
			verr.Add(fmt.Sprintf("agenda[%d]", i), fmt.Sprintf("must be 1 to %d characters", maxAgendaChars))
		}
	}
	return verr.Err()
}

// lockMentor takes the mentor's booking lock, waiting up to lockWait.
// The returned function releases it.
func (s *Service) lockMentor(ctx context.Context, mentorID string) (func(), error) {
	name := "mentor:" + mentorID
	wctx, cancel := context.WithTimeout(ctx, lockWait)
	defer cancel()
	wait := lockBackoff
	for {
		token, ok, err := s.store.Lock(ctx, name, lockTTL)
		if err != nil {
			return nil, fmt.Errorf("lock mentor %q: %w", mentorID, err)
		}
		if ok {
			return func() {
				// Release with a context of its own: the request may be gone.
				uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
				defer cancel()
				_ = s.store.Unlock(uctx, name, token)
			}, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for mentor %q: %w", mentorID, ctx.Err())
		case <-wctx.Done():
			return nil, fmt.Errorf("mentor %q is busy with another booking: %w", mentorID, checkins.ErrUnavailable)
		case <-time.After(wait):
		}
		if wait < 200*time.Millisecond {
			wait *= 2
		}
	}
}

// checkStart asks the engine whether start is a slot it would propose and
// turns a rejection into the client's answer: input that can never be
// right is a 400 naming "start"; a slot that is not free is a 409.
func checkStart(req schedule.Request, start time.Time) error {
	err := schedule.Check(req, start)
	var rej *schedule.Rejection
	if !errors.As(err, &rej) {
		return err
	}
	switch rej.Rule {
	case schedule.RuleQuarterHour, schedule.RuleCycle:
		return checkins.Invalid("start", rej.Detail)
	case schedule.RuleCap:
		return &checkins.ConflictError{Kind: checkins.ConflictCapacityReached, Detail: rej.Detail}
	default:
		return &checkins.ConflictError{Kind: checkins.ConflictSlotUnavailable, Detail: rej.Detail}
	}
}

// eventID derives the calendar event id of a booking from the agreement,
// the cycle and the cycle's generation, so that a retry can never create
// a second event.
func eventID(agreementID string, cycle, generation int) string {
	return calendar.EventID("checkins", agreementID, strconv.Itoa(cycle), strconv.Itoa(generation))
}

// event builds the calendar event of a check-in.
func event(a checkins.Agreement, mentor, mentee checkins.Person, c checkins.CheckIn) calendar.Event {
	var desc strings.Builder
	fmt.Fprintf(&desc, "Check-in %d of the %s between %s and %s (%s).\n", c.Cycle+1, a.Kind, mentor.Name, mentee.Name, cadenceText(a))
	if len(a.Topics) > 0 {
		desc.WriteString("\nTopics:\n")
		for _, t := range a.Topics {
			fmt.Fprintf(&desc, "- %s\n", t)
		}
	}
	if len(c.Agenda) > 0 {
		desc.WriteString("\nAgenda:\n")
		for _, t := range c.Agenda {
			fmt.Fprintf(&desc, "- %s\n", t)
		}
	}
	summary := fmt.Sprintf("Check-in: %s / %s", mentor.Name, mentee.Name)
	if len(a.Topics) > 0 {
		summary += " — " + a.Topics[0]
	}
	return calendar.Event{
		ID: c.Event.EventID, CalendarID: mentor.CalendarID,
		Start: c.Start, End: c.End, TimeZone: mentor.TimeZone,
		Summary: summary, Description: desc.String(),
		Attendees: []string{mentee.Email},
		Private: map[string]string{
			"checkins_agreement": a.ID, "checkins_cycle": strconv.Itoa(c.Cycle), "checkins_checkin": c.ID,
		},
		Video: a.Format == checkins.FormatVideo,
	}
}
