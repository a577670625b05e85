package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/mentorship/checkins"
)

// Memory is an in-process store for the embedded default and tests. It is
// safe for concurrent use. TTLs of idempotency records and locks are
// measured with the clock given to NewMemoryWithClock (time.Now for
// NewMemory); this is the only place the adapter reads a clock.
type Memory struct {
	now func() time.Time

	mu          sync.Mutex
	people      map[string]checkins.Person
	agreements  map[string]checkins.Agreement
	checkIns    map[string]checkins.CheckIn
	byAgreement map[string][]string // agreement id -> check-in ids
	byMentor    map[string][]string // mentor id -> check-in ids
	cycles      map[cycleKey]string // held cycle -> check-in id
	idem        map[string]expiring[IdempotencyRecord]
	locks       map[string]expiring[string]
	nextSweep   int // size of idem+locks that triggers the next sweep
}

type cycleKey struct {
	agreementID string
	cycle       int
}

type expiring[T any] struct {
	value   T
	expires time.Time
}

// NewMemory returns an empty Memory whose TTLs follow time.Now.
func NewMemory() *Memory { return NewMemoryWithClock(time.Now) }

// NewMemoryWithClock returns an empty Memory whose TTLs follow now.
func NewMemoryWithClock(now func() time.Time) *Memory {
	return &Memory{
		now:         now,
		people:      map[string]checkins.Person{},
		agreements:  map[string]checkins.Agreement{},
		checkIns:    map[string]checkins.CheckIn{},
		byAgreement: map[string][]string{},
		byMentor:    map[string][]string{},
		cycles:      map[cycleKey]string{},
		idem:        map[string]expiring[IdempotencyRecord]{},
		locks:       map[string]expiring[string]{},
	}
}

// Ping always succeeds.
func (m *Memory) Ping(context.Context) error { return nil }

// Close does nothing.
func (m *Memory) Close() error { return nil }

// CreatePerson stores a new person; a taken id wraps checkins.ErrConflict.
func (m *Memory) CreatePerson(_ context.Context, p checkins.Person) error {
	if p.ID == "" {
		return errMissingField("person", "id")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.people[p.ID]; ok {
		return errExists("person", p.ID)
	}
	m.people[p.ID] = clonePerson(p)
	return nil
}

// GetPerson returns a person or an error wrapping checkins.ErrNotFound.
func (m *Memory) GetPerson(_ context.Context, id string) (checkins.Person, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.people[id]
	if !ok {
		return checkins.Person{}, errNotFound("person", id)
	}
	return clonePerson(p), nil
}

// UpdatePerson replaces a stored person; a missing one wraps ErrNotFound.
func (m *Memory) UpdatePerson(_ context.Context, p checkins.Person) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.people[p.ID]; !ok {
		return errNotFound("person", p.ID)
	}
	m.people[p.ID] = clonePerson(p)
	return nil
}

// CreateAgreement stores a new agreement; a taken id wraps ErrConflict.
func (m *Memory) CreateAgreement(_ context.Context, a checkins.Agreement) error {
	if a.ID == "" {
		return errMissingField("agreement", "id")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.agreements[a.ID]; ok {
		return errExists("agreement", a.ID)
	}
	m.agreements[a.ID] = cloneAgreement(a)
	return nil
}

// GetAgreement returns an agreement or an error wrapping ErrNotFound.
func (m *Memory) GetAgreement(_ context.Context, id string) (checkins.Agreement, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.agreements[id]
	if !ok {
		return checkins.Agreement{}, errNotFound("agreement", id)
	}
	return cloneAgreement(a), nil
}

// UpdateAgreement replaces a stored agreement. A missing one wraps
// ErrNotFound; a changed MentorID wraps ErrConflict (check-ins are indexed
// by mentor).
func (m *Memory) UpdateAgreement(_ context.Context, a checkins.Agreement) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.agreements[a.ID]
	if !ok {
		return errNotFound("agreement", a.ID)
	}
	if old.MentorID != a.MentorID {
		return errMentorChange(a.ID)
	}
	m.agreements[a.ID] = cloneAgreement(a)
	return nil
}

// ListAgreements returns the agreements f selects, by CreatedAt then ID.
func (m *Memory) ListAgreements(_ context.Context, f AgreementFilter) ([]checkins.Agreement, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []checkins.Agreement
	for _, a := range m.agreements {
		if f.match(a) {
			out = append(out, cloneAgreement(a))
		}
	}
	sortAgreements(out)
	return out, nil
}

func errMentorChange(id string) error {
	return fmt.Errorf("store: agreement %q: mentor_id cannot change: %w", id, checkins.ErrConflict)
}
