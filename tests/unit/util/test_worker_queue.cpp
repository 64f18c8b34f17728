#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "util/worker_queue.hpp"

using pilot::util::WorkerQueue;

TEST_SUITE("util::WorkerQueue") {
  TEST_CASE("items are processed in push order on another thread, and drain waits for the last") {
    std::vector<int> seen;
    std::thread::id worker;
    {
      WorkerQueue<int> queue("test-worker", 4, [&](int& item) {
        worker = std::this_thread::get_id();
        std::this_thread::sleep_for(std::chrono::microseconds(item % 7));  // let the queue fill up
        seen.push_back(item);
      });
      for (int i = 0; i < 1000; ++i) {
        queue.push(i);
      }
      queue.drain();
      // drain() returned: the worker is idle, reading `seen` here is safe.
      REQUIRE(seen.size() == 1000);
      for (int i = 0; i < 1000; ++i) {
        CHECK(seen[static_cast<std::size_t>(i)] == i);
      }
      CHECK(worker != std::this_thread::get_id());
      queue.push(1000);
      queue.drain();
      CHECK(seen.back() == 1000);
    }
  }

  TEST_CASE("a failure stops the worker, drops what is queued, and is rethrown by push or drain") {
    std::atomic<int> processed = 0;
    WorkerQueue<int> queue("test-worker", 64, [&](int& item) {
      if (item == 3) {
        throw std::runtime_error("disque plein");
      }
      ++processed;
    });
    // Whether the failure reaches a push (the worker already failed) or the drain.
    std::string rethrown;
    try {
      for (int i = 0; i < 10; ++i) {
        queue.push(i);
      }
      queue.drain();
    } catch (const std::runtime_error& error) {
      rethrown = error.what();
    }
    CHECK(rethrown == "disque plein");
    CHECK(processed == 3);  // 0, 1, 2; nothing after the failure
    CHECK_THROWS_AS(queue.push(11), std::runtime_error);
    CHECK_THROWS_AS(queue.drain(), std::runtime_error);
    CHECK(processed == 3);
  }

  TEST_CASE("a queue destroyed with items pending finishes the current one and drops the rest") {
    std::atomic<int> processed = 0;
    std::atomic<bool> started = false;
    std::atomic<bool> open = false;
    std::thread opener;
    {
      WorkerQueue<int> queue("test-worker", 16, [&](int&) {
        started = true;
        while (!open) {  // the first item holds the worker until the queue is being destroyed
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        ++processed;
      });
      for (int i = 0; i < 10; ++i) {
        queue.push(i);
      }
      while (!started) {
        std::this_thread::yield();
      }
      opener = std::thread([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        open = true;
      });
    }  // the destructor asks the worker to stop, then waits for it
    opener.join();
    CHECK(processed == 1);
  }
}
