package calendar

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/mentorship/checkins"
)

// MemoryEvents keeps check-in events in memory, for the demo and ics
// calendars, which cannot be written to. It follows Google's rules where
// the booking path relies on them: a taken id (even of a cancelled event)
// is a conflict, and deleting cancels the event but keeps its id.
type MemoryEvents struct {
	mu     sync.Mutex
	events map[string]Event // by calendar id + "/" + event id
}

// NewMemoryEvents returns an empty event store.
func NewMemoryEvents() *MemoryEvents { return &MemoryEvents{events: map[string]Event{}} }

func memKey(calendarID, eventID string) string { return calendarID + "/" + eventID }

func cloneEvent(ev Event) Event {
	ev.Attendees = slices.Clone(ev.Attendees)
	ev.Private = maps.Clone(ev.Private)
	return ev
}

// InsertEvent stores ev; an id already taken wraps checkins.ErrConflict.
func (m *MemoryEvents) InsertEvent(_ context.Context, ev Event) (Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := memKey(ev.CalendarID, ev.ID)
	if _, ok := m.events[k]; ok {
		return Event{}, fmt.Errorf("insert event %q: %w", ev.ID, checkins.ErrConflict)
	}
	ev = cloneEvent(ev)
	ev.Status = "confirmed"
	m.events[k] = ev
	return cloneEvent(ev), nil
}

// GetEvent returns an event, cancelled ones included.
func (m *MemoryEvents) GetEvent(_ context.Context, calendarID, eventID string) (Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ev, ok := m.events[memKey(calendarID, eventID)]
	if !ok {
		return Event{}, fmt.Errorf("get event %q: %w", eventID, checkins.ErrNotFound)
	}
	return cloneEvent(ev), nil
}

// PatchEvent replaces the times, texts and status of an event.
func (m *MemoryEvents) PatchEvent(_ context.Context, ev Event) (Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := memKey(ev.CalendarID, ev.ID)
	old, ok := m.events[k]
	if !ok {
		return Event{}, fmt.Errorf("patch event %q: %w", ev.ID, checkins.ErrNotFound)
	}
	if ev.Status == "" {
		ev.Status = old.Status
	}
	m.events[k] = cloneEvent(ev)
	return cloneEvent(ev), nil
}

// DeleteEvent cancels an event; its id stays taken.
func (m *MemoryEvents) DeleteEvent(_ context.Context, calendarID, eventID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := memKey(calendarID, eventID)
	ev, ok := m.events[k]
	if !ok {
		return fmt.Errorf("delete event %q: %w", eventID, checkins.ErrNotFound)
	}
	ev.Status = "cancelled"
	m.events[k] = ev
	return nil
}
