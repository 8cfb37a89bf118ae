using AccountInfo.Vaults;
using Xunit;
using static AccountInfo.VaultSaveAction;
using static AccountInfo.Vaults.RefusalCause;
using static AccountInfo.Vaults.StoredKind;

namespace AccountInfo.Tests
{
    /// <summary>The save decision, row by row: (what is stored) x (which secrets the object carries), without and with -Force.</summary>
    public sealed class SaveDecisionTests
    {
        // stored kind, stored admin, stored user, same value, object admin, object user -> action, cause (without -Force)
        [Theory]
        // nothing stored
        [InlineData(Nothing, false, false, false, true, true, Saved, None)]
        [InlineData(Nothing, false, false, false, false, true, Saved, None)]
        [InlineData(Nothing, false, false, false, true, false, Saved, None)]
        [InlineData(Nothing, false, false, false, false, false, Skipped, None)]
        // our current format, both secrets stored
        [InlineData(Current, true, true, true, true, true, Unchanged, None)]
        [InlineData(Current, true, true, false, true, true, Updated, None)]
        [InlineData(Current, true, true, false, false, true, Refused, SecretWouldBeLost)]
        [InlineData(Current, true, true, false, true, false, Refused, SecretWouldBeLost)]
        [InlineData(Current, true, true, false, false, false, Skipped, None)]
        // our current format, one secret stored
        [InlineData(Current, false, true, true, false, true, Unchanged, None)]
        [InlineData(Current, false, true, false, false, true, Updated, None)]
        [InlineData(Current, false, true, false, true, true, Updated, None)]
        [InlineData(Current, false, true, false, true, false, Refused, SecretWouldBeLost)]
        [InlineData(Current, true, false, false, false, true, Refused, SecretWouldBeLost)]
        // an older format of ours
        [InlineData(Older, true, true, false, true, true, Upgraded, None)]
        [InlineData(Older, false, true, false, false, true, Upgraded, None)]
        [InlineData(Older, true, true, false, false, true, Refused, SecretWouldBeLost)]
        [InlineData(Older, true, true, false, false, false, Skipped, None)]
        // a newer format of ours
        [InlineData(Newer, false, false, false, true, true, Refused, NewerFormat)]
        [InlineData(Newer, false, false, false, false, true, Refused, NewerFormat)]
        [InlineData(Newer, false, false, false, false, false, Skipped, None)]
        // a value it cannot read (damaged, or another tool's)
        [InlineData(Unreadable, false, false, false, true, true, Refused, UnreadableValue)]
        [InlineData(Unreadable, false, false, false, true, false, Refused, UnreadableValue)]
        [InlineData(Unreadable, false, false, false, false, false, Skipped, None)]
        // an index without a value: nothing to lose
        [InlineData(IndexWithoutValue, false, false, false, true, true, Saved, None)]
        [InlineData(IndexWithoutValue, false, false, false, false, true, Saved, None)]
        [InlineData(IndexWithoutValue, false, false, false, false, false, Skipped, None)]
        public void Decides_each_row(object stored, bool storedAdmin, bool storedUser, bool same, bool hasAdmin, bool hasUser, VaultSaveAction action, object cause)
        {
            // The core's enums are internal: a public test method takes them as object.
            SaveDecision decision = SaveDecision.Decide((StoredKind)stored, storedAdmin, storedUser, same, hasAdmin, hasUser, force: false);
            Assert.Equal(action, decision.Action);
            Assert.Equal((RefusalCause)cause, decision.Cause);
            Assert.Equal(action == Saved || action == Updated || action == Upgraded, decision.Writes);
        }

        [Theory]
        [InlineData(Newer, false, false, true, true, NewerFormat)]
        [InlineData(Unreadable, false, false, true, false, UnreadableValue)]
        [InlineData(Current, true, true, false, true, SecretWouldBeLost)]
        [InlineData(Older, true, false, false, true, SecretWouldBeLost)]
        public void Force_overwrites_what_would_be_refused_and_keeps_the_cause(object stored, bool storedAdmin, bool storedUser, bool hasAdmin, bool hasUser, object cause)
        {
            SaveDecision decision = SaveDecision.Decide((StoredKind)stored, storedAdmin, storedUser, false, hasAdmin, hasUser, force: true);
            Assert.Equal(Overwritten, decision.Action);
            Assert.Equal((RefusalCause)cause, decision.Cause);
            Assert.True(decision.Writes);
        }

        [Theory]
        [InlineData(Nothing, Saved)]
        [InlineData(IndexWithoutValue, Saved)]
        [InlineData(Older, Upgraded)]
        public void Force_changes_nothing_that_is_not_refused(object stored, VaultSaveAction action)
        {
            Assert.Equal(action, SaveDecision.Decide((StoredKind)stored, false, false, false, true, true, force: true).Action);
            Assert.Equal(Unchanged, SaveDecision.Decide(Current, true, true, true, true, true, force: true).Action);
            Assert.Equal(Skipped, SaveDecision.Decide(Newer, false, false, false, false, false, force: true).Action);
        }

        [Fact]
        public void Names_which_secret_would_be_lost()
        {
            SaveDecision admin = SaveDecision.Decide(Current, true, true, false, false, true, force: false);
            Assert.True(admin.LosesAdminSecret);
            Assert.False(admin.LosesUserSecret);
            SaveDecision user = SaveDecision.Decide(Current, true, true, false, true, false, force: false);
            Assert.False(user.LosesAdminSecret);
            Assert.True(user.LosesUserSecret);
        }
    }
}
