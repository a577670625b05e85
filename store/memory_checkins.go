package store

import (
	"context"
	"time"

	"github.com/mentorship/checkins"
)

// CreateCheckIn stores a new check-in. A check-in that holds its cycle
// (pending or booked) fails with a *checkins.ConflictError of kind
// ConflictCycleAlreadyBooked when another check-in holds that cycle. A
// taken id wraps ErrConflict.
func (m *Memory) CreateCheckIn(_ context.Context, c checkins.CheckIn) error {
	if err := validCheckIn(c); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.checkIns[c.ID]; ok {
		return errExists("check-in", c.ID)
	}
	key := cycleKey{c.AgreementID, c.Cycle}
	if c.Holds() {
		if holder, ok := m.cycles[key]; ok {
			return cycleTaken(c.AgreementID, c.Cycle, holder)
		}
		m.cycles[key] = c.ID
	}
	m.checkIns[c.ID] = cloneCheckIn(c)
	m.byAgreement[c.AgreementID] = append(m.byAgreement[c.AgreementID], c.ID)
	m.byMentor[c.MentorID] = append(m.byMentor[c.MentorID], c.ID)
	return nil
}

// GetCheckIn returns a check-in or an error wrapping ErrNotFound.
func (m *Memory) GetCheckIn(_ context.Context, id string) (checkins.CheckIn, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.checkIns[id]
	if !ok {
		return checkins.CheckIn{}, errNotFound("check-in", id)
	}
	return cloneCheckIn(c), nil
}

// UpdateCheckIn replaces a stored check-in. Cancelling frees its cycle;
// un-cancelling claims it again (ConflictCycleAlreadyBooked if another
// check-in holds it). Agreement, mentor and cycle cannot change.
func (m *Memory) UpdateCheckIn(_ context.Context, c checkins.CheckIn) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.checkIns[c.ID]
	if !ok {
		return errNotFound("check-in", c.ID)
	}
	if err := immutableCheckIn(old, c); err != nil {
		return err
	}
	key := cycleKey{c.AgreementID, c.Cycle}
	holder, held := m.cycles[key]
	switch {
	case c.Holds() && held && holder != c.ID:
		return cycleTaken(c.AgreementID, c.Cycle, holder)
	case c.Holds():
		m.cycles[key] = c.ID
	case held && holder == c.ID:
		delete(m.cycles, key)
	}
	m.checkIns[c.ID] = cloneCheckIn(c)
	return nil
}

// ListCheckIns returns every check-in of an agreement, by Cycle then
// CreatedAt. An unknown agreement has none (as on Redis, which finds
// check-ins through their agreement's mentor).
func (m *Memory) ListCheckIns(_ context.Context, agreementID string) ([]checkins.CheckIn, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.agreements[agreementID]; !ok {
		return nil, nil
	}
	var out []checkins.CheckIn
	for _, id := range m.byAgreement[agreementID] {
		out = append(out, cloneCheckIn(m.checkIns[id]))
	}
	sortByCycle(out)
	return out, nil
}

// ListMentorCheckIns returns the mentor's pending and booked check-ins,
// across agreements, whose [Start, End) overlaps [from, to), by Start.
func (m *Memory) ListMentorCheckIns(_ context.Context, mentorID string, from, to time.Time) ([]checkins.CheckIn, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []checkins.CheckIn
	for _, id := range m.byMentor[mentorID] {
		if c := m.checkIns[id]; overlaps(c, from, to) {
			out = append(out, cloneCheckIn(c))
		}
	}
	sortByStart(out)
	return out, nil
}
