package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"
)

// ReserveIdempotency stores an in-flight record for key when there is none
// (created=true) or returns the live one (created=false).
func (m *Memory) ReserveIdempotency(_ context.Context, key, fingerprint string, ttl time.Duration, now time.Time) (IdempotencyRecord, bool, error) {
	if key == "" {
		return IdempotencyRecord{}, false, errEmptyName
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweep()
	if e, ok := m.idem[key]; ok && m.now().Before(e.expires) {
		return cloneRecord(e.value), false, nil
	}
	rec := IdempotencyRecord{Key: key, Fingerprint: fingerprint, CreatedAt: now}
	m.idem[key] = expiring[IdempotencyRecord]{value: rec, expires: m.now().Add(ttl)}
	return rec, true, nil
}

// CompleteIdempotency stores rec, marked done, under rec.Key for ttl.
func (m *Memory) CompleteIdempotency(_ context.Context, rec IdempotencyRecord, ttl time.Duration) error {
	if rec.Key == "" {
		return errEmptyName
	}
	rec = cloneRecord(rec)
	rec.Done = true
	m.mu.Lock()
	defer m.mu.Unlock()
	m.idem[rec.Key] = expiring[IdempotencyRecord]{value: rec, expires: m.now().Add(ttl)}
	return nil
}

// ReleaseIdempotency deletes the record of key, if any.
func (m *Memory) ReleaseIdempotency(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.idem, key)
	return nil
}

// Lock takes the named lock for ttl when it is free, returning the token
// that releases it; ok is false when someone else holds it.
func (m *Memory) Lock(_ context.Context, name string, ttl time.Duration) (string, bool, error) {
	if name == "" {
		return "", false, errEmptyName
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweep()
	if e, ok := m.locks[name]; ok && m.now().Before(e.expires) {
		return "", false, nil
	}
	token := randomToken()
	m.locks[name] = expiring[string]{value: token, expires: m.now().Add(ttl)}
	return token, true, nil
}

// Unlock releases the lock when token still owns it; otherwise it does
// nothing.
func (m *Memory) Unlock(_ context.Context, name, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.locks[name]; ok && e.value == token {
		delete(m.locks, name)
	}
	return nil
}

// ExtendLock resets the lock's TTL when token still owns it.
func (m *Memory) ExtendLock(_ context.Context, name, token string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.locks[name]
	if !ok || e.value != token || !m.now().Before(e.expires) {
		return false, nil
	}
	e.expires = m.now().Add(ttl)
	m.locks[name] = e
	return true, nil
}

// sweepAt is the least number of idempotency records and locks at which
// reserving or locking first drops the expired ones.
const sweepAt = 1024

// sweep drops expired idempotency records and locks once their number has
// doubled since the last sweep (at least sweepAt), so a long-running
// process does not grow without bound and the cost stays amortised
// constant. m.mu is held.
func (m *Memory) sweep() {
	if len(m.idem)+len(m.locks) < max(m.nextSweep, sweepAt) {
		return
	}
	defer func() { m.nextSweep = 2 * (len(m.idem) + len(m.locks)) }()
	now := m.now()
	for k, e := range m.idem {
		if !now.Before(e.expires) {
			delete(m.idem, k)
		}
	}
	for k, e := range m.locks {
		if !now.Before(e.expires) {
			delete(m.locks, k)
		}
	}
}

// randomToken returns 32 random hex characters.
func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
