#include "common/status.hpp"

#include <gtest/gtest.h>

#include <string>

namespace affinity {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status st;
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kOk);
  EXPECT_EQ(st.ToString(), "ok");
}

TEST(StatusTest, ToStringPrefixesTheCodeName) {
  EXPECT_EQ(Status::NotFound("product 'X' does not exist").ToString(),
            "not_found: product 'X' does not exist");
  EXPECT_EQ(Status::Aborted("stale").ToString(), "aborted: stale");
  EXPECT_FALSE(Status::Internal("bug").ok());
}

TEST(StatusTest, EveryCodeHasItsCanonicalName) {
  EXPECT_STREQ(StatusCodeName(StatusCode::kInvalidArgument), "invalid_argument");
  EXPECT_STREQ(StatusCodeName(StatusCode::kAlreadyExists), "already_exists");
  EXPECT_STREQ(StatusCodeName(StatusCode::kFailedPrecondition), "failed_precondition");
  EXPECT_STREQ(StatusCodeName(StatusCode::kUnavailable), "unavailable");
  EXPECT_STREQ(StatusCodeName(StatusCode::kResourceExhausted), "resource_exhausted");
  EXPECT_STREQ(StatusCodeName(StatusCode::kInternal), "internal");
}

TEST(StatusTest, ResultHoldsAValueOrAnError) {
  Result<std::string> value = std::string("RS-1");
  ASSERT_TRUE(value.ok());
  EXPECT_TRUE(value.status().ok());
  EXPECT_EQ(*value, "RS-1");
  EXPECT_EQ(value->size(), 4u);

  Result<std::string> error = Status::NotFound("gone");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(error.status().message(), "gone");
}

Status FirstFailure(const Status& a, const Status& b, int* reached) {
  AFFINITY_RETURN_IF_ERROR(a);
  ++*reached;
  AFFINITY_RETURN_IF_ERROR(b);
  ++*reached;
  return Status::Ok();
}

TEST(StatusTest, ReturnIfErrorStopsAtTheFirstFailure) {
  int reached = 0;
  Status st = FirstFailure(Status::Ok(), Status::Unavailable("busy"), &reached);
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_EQ(reached, 1);
  reached = 0;
  EXPECT_TRUE(FirstFailure(Status::Ok(), Status::Ok(), &reached).ok());
  EXPECT_EQ(reached, 2);
}

}  // namespace
}  // namespace affinity
