// Package booking holds the use cases of checkins: managing people and
// agreements, proposing slots, reading availability and (later) booking.
// It joins the store, the calendar and the pure schedule engine.
package booking

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/calendar"
	"github.com/mentorship/checkins/schedule"
	"github.com/mentorship/checkins/store"
)

// Store is the persistence the use cases need.
type Store interface {
	CreatePerson(ctx context.Context, p checkins.Person) error
	GetPerson(ctx context.Context, id string) (checkins.Person, error)
	UpdatePerson(ctx context.Context, p checkins.Person) error
	CreateAgreement(ctx context.Context, a checkins.Agreement) error
	GetAgreement(ctx context.Context, id string) (checkins.Agreement, error)
	UpdateAgreement(ctx context.Context, a checkins.Agreement) error
	ListAgreements(ctx context.Context, f store.AgreementFilter) ([]checkins.Agreement, error)
	ListCheckIns(ctx context.Context, agreementID string) ([]checkins.CheckIn, error)
	ListMentorCheckIns(ctx context.Context, mentorID string, from, to time.Time) ([]checkins.CheckIn, error)
	CheckInStore
	Locker
	IdempotencyStore
}

// Calendar reads free/busy time through the availability cache: cached
// for proposals, fresh for the conflict check of a booking.
type Calendar interface {
	FreeBusy(ctx context.Context, calendarIDs []string, window schedule.Interval) (map[string]calendar.Busy, error)
	FreshCalendar
}

// Service runs the use cases. Construct it with New.
type Service struct {
	store  Store
	idem   IdempotencyStore
	cal    Calendar
	events Events
	log    *slog.Logger
	now    func() time.Time
	newID  func(prefix string) string
}

// Options tune a Service; zero values take defaults.
type Options struct {
	Logger *slog.Logger               // default: discard
	Now    func() time.Time           // default time.Now
	NewID  func(prefix string) string // default: prefix + "_" + 20 random hex characters
}

// New returns a Service over the given store, calendar (read, through the
// cache) and events (write).
func New(st Store, cal Calendar, events Events, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.NewID == nil {
		opts.NewID = randomID
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, idem: st, cal: cal, events: events, log: opts.Logger, now: opts.Now, newID: opts.NewID}
}

func randomID(prefix string) string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return prefix + "_" + hex.EncodeToString(b)
}

// Freshness tells how current the availability behind an answer is.
type Freshness struct {
	Read      bool      // availability was read at all
	FetchedAt time.Time // oldest fetch time among the calendars read
	Stale     bool      // some calendar was served stale because its source failed
	Hit       bool      // every calendar came from the cache
}

func (f *Freshness) add(b calendar.Busy) {
	if !f.Read {
		*f = Freshness{Read: true, FetchedAt: b.FetchedAt, Stale: b.Stale, Hit: b.Hit}
		return
	}
	if b.FetchedAt.Before(f.FetchedAt) {
		f.FetchedAt = b.FetchedAt
	}
	f.Stale = f.Stale || b.Stale
	f.Hit = f.Hit && b.Hit
}

// busyReader reads the busy time of people over a window, keyed by
// calendar id.
type busyReader func(ctx context.Context, window schedule.Interval, people ...checkins.Person) (map[string]schedule.Set, Freshness, error)

// cachedBusy reads through the availability cache.
func (s *Service) cachedBusy(ctx context.Context, window schedule.Interval, people ...checkins.Person) (map[string]schedule.Set, Freshness, error) {
	return s.busyOf(ctx, false, window, people...)
}

// freshBusy reads the calendars themselves, bypassing the cache.
func (s *Service) freshBusy(ctx context.Context, window schedule.Interval, people ...checkins.Person) (map[string]schedule.Set, Freshness, error) {
	return s.busyOf(ctx, true, window, people...)
}

// busyOf reads the busy time of the given people over window. A person
// without a calendar id has no busy time. A calendar whose availability is
// unknown fails the call: it is never taken as free.
func (s *Service) busyOf(ctx context.Context, fresh bool, window schedule.Interval, people ...checkins.Person) (map[string]schedule.Set, Freshness, error) {
	var ids []string
	for _, p := range people {
		if p.CalendarID != "" {
			ids = append(ids, p.CalendarID)
		}
	}
	out := make(map[string]schedule.Set, len(people))
	var info Freshness
	if len(ids) == 0 || window.Empty() {
		return out, info, nil
	}
	read := s.cal.FreeBusy
	if fresh {
		read = s.cal.FreeBusyFresh
	}
	res, err := read(ctx, ids, window)
	if err != nil {
		return nil, info, err
	}
	for _, id := range ids {
		b, ok := res[id]
		if !ok {
			return nil, info, &checkins.CalendarError{CalendarID: id, Reason: "missing", Err: checkins.ErrUnavailable}
		}
		if b.Err != nil {
			return nil, info, b.Err
		}
		info.add(b)
		out[id] = schedule.NewSet(b.Intervals...)
	}
	return out, info, nil
}
