// Package store persists people, agreements, check-ins, idempotency
// records and locks, in memory (Memory) or in Redis (Redis). Both pass the
// contract suite in store/storetest.
//
// Errors: a missing record wraps checkins.ErrNotFound; a taken id, a cycle
// that is already held or a forbidden change wraps checkins.ErrConflict;
// Redis failures wrap checkins.ErrUnavailable (and the cause, so
// context.Canceled and context.DeadlineExceeded stay visible).
//
// Values are copied in and out: callers never share slices, maps or
// pointers with the stored state. The Redis store keeps values as JSON, so
// time.Time values come back in their original instant but in a fixed
// offset zone (or UTC), not their original *time.Location; compare them
// with Equal.
package store

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/mentorship/checkins"
)

// AgreementFilter selects agreements for ListAgreements.
type AgreementFilter struct {
	PersonID string // mentor or mentee; "" means every agreement
	AutoBook bool   // only active agreements with auto_book set
}

func (f AgreementFilter) match(a checkins.Agreement) bool {
	if f.PersonID != "" && a.MentorID != f.PersonID && a.MenteeID != f.PersonID {
		return false
	}
	if f.AutoBook && (!a.AutoBook || a.Status != checkins.StatusActive) {
		return false
	}
	return true
}

// IdempotencyRecord is the stored outcome of a request carrying an
// Idempotency-Key.
type IdempotencyRecord struct {
	Key         string            `json:"key"`         // the full scoped key chosen by the caller
	Fingerprint string            `json:"fingerprint"` // hash of method+path+body
	Done        bool              `json:"done"`        // false while the first request is in flight
	Status      int               `json:"status"`
	Header      map[string]string `json:"header,omitempty"`
	Body        []byte            `json:"body,omitempty"`
	CreatedAt   time.Time         `json:"created_at"`
}

// errMissingField reports a record that lacks an identifying field.
func errMissingField(what, field string) error {
	return fmt.Errorf("store: %s without %s", what, field)
}

// validCheckIn checks the fields the store needs to index a check-in.
func validCheckIn(c checkins.CheckIn) error {
	switch {
	case c.ID == "":
		return errMissingField("check-in", "id")
	case c.AgreementID == "":
		return errMissingField("check-in", "agreement_id")
	case c.MentorID == "":
		return errMissingField("check-in", "mentor_id")
	case c.Cycle < 0:
		return fmt.Errorf("store: check-in %s: negative cycle %d", c.ID, c.Cycle)
	}
	return nil
}

// immutableCheckIn reports a change of the fields that place a check-in.
func immutableCheckIn(old, c checkins.CheckIn) error {
	if old.AgreementID != c.AgreementID || old.MentorID != c.MentorID || old.Cycle != c.Cycle {
		return fmt.Errorf("store: check-in %s: agreement, mentor and cycle cannot change: %w", c.ID, checkins.ErrConflict)
	}
	return nil
}

// cycleTaken is the error of a second check-in for a held cycle.
func cycleTaken(agreementID string, cycle int, holder string) error {
	return &checkins.ConflictError{
		Kind:   checkins.ConflictCycleAlreadyBooked,
		Detail: fmt.Sprintf("cycle %d of agreement %s already has check-in %s", cycle, agreementID, holder),
	}
}

// errNotFound wraps checkins.ErrNotFound with the kind and id.
func errNotFound(kind, id string) error {
	return fmt.Errorf("store: %s %q: %w", kind, id, checkins.ErrNotFound)
}

// errExists wraps checkins.ErrConflict for a taken id.
func errExists(kind, id string) error {
	return fmt.Errorf("store: %s %q already exists: %w", kind, id, checkins.ErrConflict)
}

// occupies reports whether c takes time in the mentor's calendar.
func occupies(c checkins.CheckIn) bool {
	return c.Holds() && !c.Start.IsZero() && c.End.After(c.Start)
}

// overlaps reports whether c's [Start, End) overlaps [from, to).
func overlaps(c checkins.CheckIn, from, to time.Time) bool {
	return occupies(c) && c.Start.Before(to) && c.End.After(from)
}

func sortAgreements(as []checkins.Agreement) {
	slices.SortFunc(as, func(a, b checkins.Agreement) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
}

func sortByCycle(cs []checkins.CheckIn) {
	slices.SortFunc(cs, func(a, b checkins.CheckIn) int {
		return cmp.Or(cmp.Compare(a.Cycle, b.Cycle), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
}

func sortByStart(cs []checkins.CheckIn) {
	slices.SortFunc(cs, func(a, b checkins.CheckIn) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
	})
}

func clonePerson(p checkins.Person) checkins.Person {
	for d := range p.WorkingHours {
		p.WorkingHours[d] = slices.Clone(p.WorkingHours[d])
	}
	for d := range p.CheckinWindows {
		p.CheckinWindows[d] = slices.Clone(p.CheckinWindows[d])
	}
	return p
}

func cloneAgreement(a checkins.Agreement) checkins.Agreement {
	if a.Cadence != nil {
		c := *a.Cadence
		a.Cadence = &c
	}
	a.Topics = slices.Clone(a.Topics)
	return a
}

func cloneCheckIn(c checkins.CheckIn) checkins.CheckIn {
	c.Agenda = slices.Clone(c.Agenda)
	if c.Event != nil {
		e := *c.Event
		c.Event = &e
	}
	return c
}

func cloneRecord(r IdempotencyRecord) IdempotencyRecord {
	r.Header = maps.Clone(r.Header)
	r.Body = slices.Clone(r.Body)
	return r
}

// errLockName rejects an empty lock or idempotency key.
var errEmptyName = errors.New("store: empty key")
