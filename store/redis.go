package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/mentorship/checkins"
	"github.com/redis/go-redis/v9"
)

// Redis is the store on Redis (single node, Sentinel or Cluster through
// redis.UniversalClient). Values are JSON under keys that start with the
// prefix given to NewRedis:
//
//	{prefix}person:{id}                      person JSON
//	{prefix}person:{id}:agreements           set of agreement ids (mentor or mentee)
//	{prefix}agreement:{id}                   agreement JSON
//	{prefix}agreements                       zset of agreement ids by created_at (unix ms)
//	{prefix}checkin:{id}                     mentor id of the check-in (locates its data)
//	{prefix}m:{M}:checkin:{id}               check-in JSON
//	{prefix}m:{M}:agreement:{A}:checkins     zset of check-in ids by cycle
//	{prefix}m:{M}:agreement:{A}:cycle:{k}    id of the check-in holding cycle k
//	{prefix}m:{M}:checkins                   zset of the mentor's held check-ins by start (unix ms)
//	{prefix}idem:{key}                       idempotency record JSON (PX ttl)
//	{prefix}lock:{name}                      lock token (PX ttl)
//
// Every check-in key carries the mentor id as a Cluster hash tag ({M}), so
// the scripts that claim a cycle, write the check-in and update both
// indexes run atomically in one slot, on Cluster too. (A tag per agreement
// would leave the mentor index, which spans agreements, outside the
// script.) People and agreements are single keys written with SET NX/XX;
// their list indexes are updated right after, in a pipeline, and reads
// re-check every indexed value, so a stale index entry is harmless. Mentor
// and agreement ids must not contain '{' or '}'.
type Redis struct {
	client redis.UniversalClient
	prefix string
}

// NewRedis returns a store over client with every key under prefix (for
// example "checkins:"). The client stays owned by the caller.
func NewRedis(client redis.UniversalClient, prefix string) *Redis {
	return &Redis{client: client, prefix: prefix}
}

// Ping checks that Redis answers; failures wrap checkins.ErrUnavailable.
func (r *Redis) Ping(ctx context.Context) error {
	return unavailable("ping", r.client.Ping(ctx).Err())
}

// Close does nothing: the client belongs to the caller.
func (r *Redis) Close() error { return nil }

// unavailable wraps a Redis failure with checkins.ErrUnavailable and the
// cause; nil stays nil.
func unavailable(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: redis %s: %w: %w", op, checkins.ErrUnavailable, err)
}

func (r *Redis) personKey(id string) string      { return r.prefix + "person:" + id }
func (r *Redis) personAgrKey(id string) string   { return r.prefix + "person:" + id + ":agreements" }
func (r *Redis) agreementKey(id string) string   { return r.prefix + "agreement:" + id }
func (r *Redis) agreementsKey() string           { return r.prefix + "agreements" }
func (r *Redis) idemKey(key string) string       { return r.prefix + "idem:" + key }
func (r *Redis) lockKey(name string) string      { return r.prefix + "lock:" + name }
func (r *Redis) checkInPtrKey(id string) string  { return r.prefix + "checkin:" + id }
func (r *Redis) mentorBase(mentor string) string { return r.prefix + "m:{" + mentor + "}:" }

// getJSON reads key into v; a missing key wraps ErrNotFound.
func (r *Redis) getJSON(ctx context.Context, kind, id, key string, v any) error {
	raw, err := r.client.Get(ctx, key).Bytes()
	if errors.Is(err, redis.Nil) {
		return errNotFound(kind, id)
	}
	if err != nil {
		return unavailable("get "+kind, err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("store: decode %s %q: %w", kind, id, err)
	}
	return nil
}

// CreatePerson stores a new person; a taken id wraps checkins.ErrConflict.
func (r *Redis) CreatePerson(ctx context.Context, p checkins.Person) error {
	if p.ID == "" {
		return errMissingField("person", "id")
	}
	return r.put(ctx, "person", p.ID, r.personKey(p.ID), p, true)
}

// GetPerson returns a person or an error wrapping ErrNotFound.
func (r *Redis) GetPerson(ctx context.Context, id string) (checkins.Person, error) {
	var p checkins.Person
	err := r.getJSON(ctx, "person", id, r.personKey(id), &p)
	return p, err
}

// UpdatePerson replaces a stored person; a missing one wraps ErrNotFound.
func (r *Redis) UpdatePerson(ctx context.Context, p checkins.Person) error {
	return r.put(ctx, "person", p.ID, r.personKey(p.ID), p, false)
}

// put writes v as JSON: create (NX, ErrConflict when taken) or replace
// (XX, ErrNotFound when missing).
func (r *Redis) put(ctx context.Context, kind, id, key string, v any, create bool) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode %s %q: %w", kind, id, err)
	}
	args := redis.SetArgs{Mode: "XX"}
	if create {
		args.Mode = "NX"
	}
	err = r.client.SetArgs(ctx, key, raw, args).Err()
	switch {
	case errors.Is(err, redis.Nil) && create:
		return errExists(kind, id)
	case errors.Is(err, redis.Nil):
		return errNotFound(kind, id)
	}
	return unavailable("set "+kind, err)
}
