"""Django's Redis cache, keeping one Redis client per connection pool.

``django.core.cache.backends.redis`` builds a new ``redis.Redis`` object for every operation,
and redis-py's constructor fills a table of ~170 response callbacks each time: about 0.14 ms of
every cached public page. A client only wraps its pool and is safe to share between threads,
so this backend keeps one per pool. Everything else is Django's.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
