package server

import (
	"container/list"
	"sync"
)

// cache is a bounded least-recently-used map from keys to values, each
// with a cost (its size in bytes): what is used most stays, and the total
// never exceeds the budget.
type cache[V any] struct {
	mu     sync.Mutex
	budget int
	used   int
	order  *list.List // front: most recently used
	items  map[string]*list.Element
}

type cacheItem[V any] struct {
	key   string
	value V
	cost  int
}

func newCache[V any](budget int) *cache[V] {
	return &cache[V]{budget: budget, order: list.New(), items: make(map[string]*list.Element)}
}

func (c *cache[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheItem[V]).value, true
}

// put stores value under key. A value that costs more than a quarter of
// the budget is not kept: it would evict too much for one entry.
func (c *cache[V]) put(key string, value V, cost int) {
	cost += len(key) + 64 // the bookkeeping of an entry
	if cost > c.budget/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.used -= e.Value.(*cacheItem[V]).cost
		c.order.Remove(e)
		delete(c.items, key)
	}
	for c.used+cost > c.budget && c.order.Len() > 0 {
		old := c.order.Back()
		it := old.Value.(*cacheItem[V])
		c.used -= it.cost
		c.order.Remove(old)
		delete(c.items, it.key)
	}
	c.items[key] = c.order.PushFront(&cacheItem[V]{key: key, value: value, cost: cost})
	c.used += cost
}

func (c *cache[V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}
