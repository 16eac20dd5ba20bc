#include "common/crypto.hpp"

#include <gtest/gtest.h>

namespace affinity {
namespace {

TEST(CryptoTest, Sha256MatchesTheStandardVector) {
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, HmacSha256MatchesRfc4231) {
  // RFC 4231 test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, Base64RoundTripsEveryLengthAndBothAlphabets) {
  std::string bytes;
  for (int n = 0; n < 40; ++n) {
    EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes) << n;
    EXPECT_EQ(Base64Decode(Base64UrlEncode(bytes)), bytes) << n;
    bytes.push_back(static_cast<char>(n * 37 + 250));
  }
  EXPECT_EQ(Base64Encode("hello"), "aGVsbG8=");
  EXPECT_FALSE(Base64Decode("a"));
  EXPECT_FALSE(Base64Decode("ab$d"));
}

TEST(CryptoTest, HexDecodeRefusesMalformedText) {
  EXPECT_EQ(HexDecode("00fF10"), std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(HexDecode("abc"));
  EXPECT_FALSE(HexDecode("zz"));
}

TEST(CryptoTest, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(CryptoTest, RandomBytesDiffer) {
  EXPECT_EQ(RandomBytes(24).size(), 24u);
  EXPECT_NE(RandomBytes(24), RandomBytes(24));
}

}  // namespace
}  // namespace affinity
